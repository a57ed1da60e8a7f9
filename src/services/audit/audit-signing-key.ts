import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { ed25519Verifies, signingKeyId } from '../../core/audit-checkpoint.js';
import { createKeyFileExclusively } from '../key-file.js';

/** The Ed25519 key that signs audit checkpoints. Its private half lives only in a file, never in the database. */
export interface AuditSigningKey {
  /** `ed25519:` and the first 32 hex digits of sha256(SPKI DER of the public key). */
  readonly keyId: string;
  /** SPKI DER, base64: what checkpoints carry. */
  readonly publicKeyBase64: string;
  /** SPKI PEM: what an auditor pins (`arca audit verify --public-key`). */
  readonly publicKeyPem: string;
  /** Base64 signature of `text`. */
  sign(text: string): string;
  /** True when `signature` (base64) is this key's signature of `text`. */
  verify(text: string, signature: string): boolean;
}

function signingKeyOf(privateKey: KeyObject): AuditSigningKey {
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: signingKeyId(publicKey),
    publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
    verify: (text, signature) => ed25519Verifies(publicKey, text, signature),
  };
}

/** A new Ed25519 private key, as the PKCS#8 PEM the key file holds. */
export function newSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * Reads the signing key from `path`, creating it (mode 0600) on first start. `warn` hears about a
 * key file others can read. Throws, naming the file and the `auditSigningKeyFile` setting, when the
 * file is unreadable or not an Ed25519 private key: the server must not start without its key.
 */
export function loadOrCreateSigningKey(
  path: string,
  warn: (message: string) => void = () => {},
): { key: AuditSigningKey; created: boolean } {
  let created = false;
  if (statSync(path, { throwIfNoEntry: false }) === undefined)
    created = createKeyFileExclusively(path, newSigningKeyPem());
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the audit signing key ${path} (auditSigningKeyFile): ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `the audit signing key ${path} (auditSigningKeyFile) is a ${privateKey.asymmetricKeyType ?? 'unknown'} key; it must be an Ed25519 private key (PKCS#8 PEM)`,
    );
  }
  if ((statSync(path).mode & 0o077) !== 0)
    warn(`the audit signing key ${path} can be read by other users; chmod 600 it`);
  return { key: signingKeyOf(privateKey), created };
}
