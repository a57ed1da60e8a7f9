import type { Command } from 'commander';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  checkpointSigningText,
  ed25519Verifies,
  parseCheckpointFile,
  signingKeyId,
  type AuditCheckpoint,
} from '../../core/audit-checkpoint.js';
import { isArcaError } from '../../core/errors.js';
import type { AuditCheckpointVerdict } from '../../sdk/access-client.js';
import { CliError, exitStatus, usageError } from '../cli-error.js';
import { contextOf, type CliIo } from '../context.js';
import { collect } from '../options.js';

interface VerifyOptions {
  checkpoint?: string[];
  publicKey?: string;
}

async function readText(path: string, what: string, code: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw usageError(
      code,
      `cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Every checkpoint of every file, in order; a malformed file is a usage error (exit 2) naming it. */
async function readCheckpoints(files: string[]): Promise<AuditCheckpoint[]> {
  const all: AuditCheckpoint[] = [];
  for (const file of files) {
    const path = resolve(file);
    try {
      all.push(...parseCheckpointFile(await readText(path, 'checkpoint file', 'CheckpointInvalid'), file));
    } catch (error) {
      if (isArcaError(error)) throw usageError(error.code, error.message);
      throw error;
    }
  }
  return all;
}

async function readPublicKey(file: string): Promise<KeyObject> {
  const text = await readText(resolve(file), 'public key', 'PublicKeyInvalid');
  try {
    const key = createPublicKey(text);
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // reported below
  }
  throw usageError(
    'PublicKeyInvalid',
    `${file} is not an Ed25519 public key in PEM (save the public_key_pem of \`arca audit signing-key\`)`,
  );
}

/**
 * The checkpoints whose signature does not verify with the pinned key, checked here rather than on
 * the server: a server (or database) that was tampered with cannot vouch for its own checkpoints.
 */
function locallyInvalid(checkpoints: AuditCheckpoint[], pinned: KeyObject): { index: number; message: string }[] {
  const pinnedId = signingKeyId(pinned);
  return checkpoints.flatMap((checkpoint, index) => {
    if (checkpoint.key_id !== pinnedId)
      return [{ index, message: `signed by key ${checkpoint.key_id}, not the pinned key ${pinnedId}` }];
    if (!ed25519Verifies(pinned, checkpointSigningText(checkpoint), checkpoint.signature))
      return [{ index, message: 'its signature does not verify with the pinned key' }];
    return [];
  });
}

function failureOf(
  verdict: AuditCheckpointVerdict,
  local: { index: number; message: string }[],
  checkpoints: AuditCheckpoint[],
): string | undefined {
  const reasons: string[] = [];
  if (verdict.first_broken !== undefined)
    reasons.push(`the audit chain breaks at event ${verdict.first_broken.seq} (${verdict.first_broken.reason})`);
  for (const { index, message } of local)
    reasons.push(`checkpoint ${index + 1} (seq ${checkpoints[index]?.seq ?? '?'}): ${message}`);
  verdict.checkpoints.forEach((check, index) => {
    if (!check.ok)
      reasons.push(
        `checkpoint ${index + 1} (seq ${check.seq}, ${check.at}): ${check.problem ?? 'failed'}: ${check.message ?? ''}`,
      );
  });
  return reasons.length === 0 && verdict.ok ? undefined : reasons.join('; ');
}

/** `arca audit verify [--checkpoint FILE …] [--public-key FILE]`. */
function addAuditVerifyCommand(audit: Command, io: CliIo): void {
  audit
    .command('verify')
    .description(
      'Recompute the chain; exits 1 naming why if a row was altered or deleted, or (with --checkpoint) the chain is shorter than a ' +
        "checkpoint, differs at its seq, or a checkpoint's signature does not verify",
    )
    .option(
      '--checkpoint <file>',
      'checkpoints kept outside the server (JSON, a JSON array or JSON lines, as `audit checkpoint --out` writes); repeatable',
      collect,
    )
    .option(
      '--public-key <file>',
      "also verify each checkpoint's signature here against this pinned PEM public key (`audit signing-key --out`)",
    )
    .action(async (options: VerifyOptions, command: Command) => {
      const context = await contextOf(io, command);
      const files = options.checkpoint ?? [];
      if (files.length === 0) {
        if (options.publicKey !== undefined)
          throw usageError('UsageInvalid', '--public-key verifies checkpoints: give them with --checkpoint <file>');
        const verdict = await context.client().access.verifyAudit();
        await context.print(verdict);
        if (!verdict.ok)
          throw new CliError(
            'AuditChainBroken',
            `the audit chain breaks at event ${verdict.first_broken?.seq ?? '?'} (${verdict.first_broken?.reason ?? 'unknown'})`,
            exitStatus.requestFailed,
          );
        return;
      }
      const checkpoints = await readCheckpoints(files);
      const local =
        options.publicKey === undefined ? [] : locallyInvalid(checkpoints, await readPublicKey(options.publicKey));
      const verdict = await context.client().access.verifyAuditCheckpoints(checkpoints);
      await context.print(verdict);
      const failure = failureOf(verdict, local, checkpoints);
      if (failure !== undefined) throw new CliError('AuditCheckpointFailed', failure, exitStatus.requestFailed);
    });
}

/** `arca audit verify|checkpoint|signing-key`: the chain, and signed checkpoints of it kept outside the server. */
export function addAuditCheckpointCommands(audit: Command, io: CliIo): void {
  addAuditVerifyCommand(audit, io);

  audit
    .command('checkpoint')
    .description(
      'Have the server verify the chain and sign its head now; prints the checkpoint. Keep it outside the server: ' +
        '`arca audit verify --checkpoint FILE` fails later if events up to it were cut or rewritten',
    )
    .option('--out <file>', 'also append the checkpoint to this file as one JSON line (created if missing)')
    .action(async (options: { out?: string }, command: Command) => {
      const context = await contextOf(io, command);
      const checkpoint = await context.client().access.createAuditCheckpoint();
      if (options.out !== undefined)
        await appendFile(resolve(options.out), `${JSON.stringify(checkpoint)}\n`, { mode: 0o644 });
      // The table leaves out the long base64 fields; -o json prints the whole, verifiable checkpoint.
      await context.print(checkpoint, [
        { header: 'Seq', cell: (c) => String(c.seq) },
        { header: 'Head hash', cell: (c) => c.head_hash },
        { header: 'At', cell: (c) => c.at },
        { header: 'Key', cell: (c) => c.key_id },
      ]);
    });

  audit
    .command('signing-key')
    .description(
      'The public key that signs checkpoints; pin it (--out) where the server cannot write, for `audit verify --public-key`',
    )
    .option('--out <file>', 'write the public key here as PEM')
    .action(async (options: { out?: string }, command: Command) => {
      const context = await contextOf(io, command);
      const key = await context.client().access.auditSigningKey();
      if (options.out !== undefined) await writeFile(resolve(options.out), key.public_key_pem, { mode: 0o644 });
      await context.print(key);
    });
}
