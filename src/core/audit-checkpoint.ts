import { createHash, verify, type KeyObject } from 'node:crypto';
import { type ArcaError, arcaError } from './errors.js';

/**
 * A signed statement "the audit chain had `seq` events and the last one hashed to `head_hash`",
 * made by the server with its Ed25519 signing key (kept in a file, never in the database).
 * Exported somewhere the database's attacker cannot write, it pins the chain up to `seq`.
 */
export interface AuditCheckpoint {
  seq: number;
  /** The `hash` of event `seq` (64 lowercase hex). */
  head_hash: string;
  /** When it was signed (ISO-8601 UTC). */
  at: string;
  /** `ed25519:` and the first 32 hex digits of the sha256 of the public key (SPKI DER). */
  key_id: string;
  algorithm: 'Ed25519';
  /** The signing key's public half, SPKI DER in base64: informational; verifiers use the key they trust. */
  public_key: string;
  /** Ed25519 signature (base64) of `checkpointSigningText(checkpoint)`. */
  signature: string;
}

/** What is signed: a fixed prefix, then the JSON array `[seq, head_hash, at, key_id]`. */
export function checkpointSigningText(
  checkpoint: Pick<AuditCheckpoint, 'seq' | 'head_hash' | 'at' | 'key_id'>,
): string {
  return `arca-audit-checkpoint/1\n${JSON.stringify([checkpoint.seq, checkpoint.head_hash, checkpoint.at, checkpoint.key_id])}`;
}

/** The key id of a public key: `ed25519:` and the first 32 hex digits of sha256(SPKI DER). */
export function signingKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('hex').slice(0, 32)}`;
}

/** True when `signature` (base64) verifies over `text` with `publicKey`; a malformed signature is simply false. */
export function ed25519Verifies(publicKey: KeyObject, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

const hexHash = /^[0-9a-f]{64}$/;
const keyIdPattern = /^ed25519:[0-9a-f]{32}$/;
const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** At most this many checkpoints are read from one file or sent in one request. */
export const maxCheckpointsPerVerify = 10_000;

/** Checks one parsed value is a checkpoint; throws `CheckpointInvalid` naming `where` and the field. */
export function checkpointOf(value: unknown, where: string): AuditCheckpoint {
  const invalid = (field: string, rule: string): ArcaError =>
    arcaError('CheckpointInvalid', { where, field, rule }, { target: field });
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid('the checkpoint', 'is not a JSON object');
  const record = value as Record<string, unknown>;
  const { seq, head_hash: head, at, key_id: keyId, algorithm, public_key: publicKey, signature } = record;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) throw invalid('seq', 'must be a whole number');
  if (typeof head !== 'string' || !hexHash.test(head)) throw invalid('head_hash', 'must be 64 lowercase hex digits');
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) throw invalid('at', 'must be an ISO-8601 date-time');
  if (typeof keyId !== 'string' || !keyIdPattern.test(keyId))
    throw invalid('key_id', 'must be ed25519:<32 hex digits>');
  if (algorithm !== 'Ed25519') throw invalid('algorithm', 'must be "Ed25519"');
  if (typeof publicKey !== 'string' || !base64.test(publicKey)) throw invalid('public_key', 'must be base64');
  if (typeof signature !== 'string' || !base64.test(signature)) throw invalid('signature', 'must be base64');
  return { seq, head_hash: head, at, key_id: keyId, algorithm, public_key: publicKey, signature };
}

/**
 * Reads the checkpoints of a file as `arca audit checkpoint` writes them: one JSON object, a JSON
 * array of them, or JSON lines (one per line; blank lines skipped). `name` names the file in errors.
 */
export function parseCheckpointFile(text: string, name: string): AuditCheckpoint[] {
  const trimmed = text.trim();
  if (trimmed === '') throw arcaError('CheckpointInvalid', 'empty', { name });
  let values: unknown[];
  try {
    const whole: unknown = JSON.parse(trimmed);
    values = Array.isArray(whole) ? whole : [whole];
  } catch {
    values = trimmed
      .split('\n')
      .map((line, index) => ({ line: line.trim(), index }))
      .filter(({ line }) => line !== '')
      .map(({ line, index }) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw arcaError('CheckpointInvalid', 'notJson', { name, line: index + 1 });
        }
      });
  }
  if (values.length === 0) throw arcaError('CheckpointInvalid', 'empty', { name });
  if (values.length > maxCheckpointsPerVerify)
    throw arcaError('CheckpointInvalid', 'tooMany', { name, count: values.length, max: maxCheckpointsPerVerify });
  return values.map((value, index) =>
    checkpointOf(value, values.length === 1 ? name : `${name} (checkpoint ${index + 1})`),
  );
}
