import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { arcaError } from '../../core/errors.js';
import { createKeyFileExclusively } from '../key-file.js';

/**
 * Seals secrets (an automation's webhook secret) with a server key that lives only in a file, never in
 * the database: a copy of the database alone does not give the secrets away.
 */
export interface SecretBox {
  /** The first 16 hex digits of sha256(key): which key a sealed value needs. */
  readonly keyId: string;
  /** `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url), bound to `context` (the owner's id). */
  seal(plaintext: string, context: string): string;
  /** The plaintext; `SecretUnreadable` for another key, another context, or an altered value. */
  open(sealed: string, context: string): string;
}

const keyBytes = 32;
const ivBytes = 12;
const tagBytes = 16;

/**
 * Opens the secret box of the key in `keyFile`, creating the file on first use (32 random bytes,
 * base64, mode 0600) exclusively, so replicas starting together on a shared file all use one key.
 * Throws, naming the file, when it is unreadable or not a key: the server must not start without it.
 */
export function openSecretBox(keyFile: string): SecretBox {
  if (statSync(keyFile, { throwIfNoEntry: false }) === undefined)
    createKeyFileExclusively(keyFile, `${randomBytes(keyBytes).toString('base64')}\n`);
  let text: string;
  try {
    text = readFileSync(keyFile, 'utf8').trim();
  } catch (error) {
    throw new Error(`cannot read the secret key file ${keyFile}: ${(error as Error).message}`);
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== keyBytes || key.toString('base64') !== text)
    throw new Error(`the secret key file ${keyFile} is malformed: it must hold ${keyBytes} bytes in base64`);
  return secretBoxOf(key);
}

function secretBoxOf(key: Buffer): SecretBox {
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return {
    keyId,
    seal(plaintext, context) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', keyId, iv, ciphertext, cipher.getAuthTag()]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      const [version, needed] = parts;
      if (parts.length !== 5 || version !== 'v1' || needed === undefined || !/^[0-9a-f]{16}$/.test(needed))
        throw arcaError('SecretUnreadable', 'malformed', {});
      if (needed !== keyId) throw arcaError('SecretUnreadable', { needed, held: keyId });
      const [iv, ciphertext, tag] = parts.slice(2).map(base64url);
      if (iv?.length !== ivBytes || ciphertext === undefined || tag?.length !== tagBytes)
        throw arcaError('SecretUnreadable', 'altered', { needed });
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch (error) {
        throw arcaError('SecretUnreadable', 'altered', { needed }, { cause: error });
      }
    },
  };
}

/** The bytes of canonical base64url text, or undefined (a changed padding bit would otherwise decode the same). */
function base64url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
