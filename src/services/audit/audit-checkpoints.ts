import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { checkpointSigningText, type AuditCheckpoint } from '../../core/audit-checkpoint.js';
import { arcaError } from '../../core/errors.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { genesisHash, verifyAuditChain, type ChainVerdict } from '../../storage/metadata/audit-repository.js';
import {
  auditHashesAt,
  insertCheckpoint,
  lastAuditSeq,
  latestCheckpoint,
} from '../../storage/metadata/audit-checkpoints-repository.js';
import type { AuditSigningKey } from './audit-signing-key.js';
import { auditor, type AuditActor } from './auditor.js';
import { isoNow, systemClock, type Clock } from '../clock.js';

export type { AuditCheckpoint };

/** Why a checkpoint does not hold against the chain. */
export type CheckpointProblem = 'signature-invalid' | 'chain-shorter' | 'event-missing' | 'hash-differs';

export interface CheckpointCheck {
  seq: number;
  head_hash: string;
  at: string;
  ok: boolean;
  problem?: CheckpointProblem;
  /** What the problem means, for a person. */
  message?: string;
}

export interface CheckpointVerdict {
  /** The chain holds and every checkpoint holds against it. */
  ok: boolean;
  chain: ChainVerdict;
  checkpoints: CheckpointCheck[];
}

export interface AuditCheckpointOptions {
  /** Every checkpoint made is also appended here as one JSON line (a file outside the data directory). */
  exportFile?: string;
  /** Hears about a checkpoint that could not be appended to the export file. */
  onExportFailure?: (error: unknown, checkpoint: AuditCheckpoint) => void;
}

/**
 * Signed checkpoints of the audit chain's head. The server signs only a chain that verifies and that
 * still matches its last stored checkpoint; verification checks signatures with the server's own key
 * (read from its key file), never with a key found in the database or in the checkpoint.
 */
export class AuditCheckpointService {
  constructor(
    private readonly store: MetadataStore,
    private readonly key: AuditSigningKey,
    private readonly clock: Clock = systemClock,
    private readonly options: AuditCheckpointOptions = {},
  ) {}

  /** The public half of the signing key, for auditors to pin. */
  signingKey(): { key_id: string; algorithm: 'Ed25519'; public_key: string; public_key_pem: string } {
    return {
      key_id: this.key.keyId,
      algorithm: 'Ed25519',
      public_key: this.key.publicKeyBase64,
      public_key_pem: this.key.publicKeyPem,
    };
  }

  /** Signs the head now (on demand) and records who asked in the audit log. */
  create(principal: AuditActor): Promise<AuditCheckpoint> {
    return this.sign(principal);
  }

  /**
   * The periodic checkpoint: signs the head when the last checkpoint is `intervalSeconds` old (or
   * there is none) and events were added since. Answers the checkpoint, or undefined when not due.
   * Replicas may both sign the same head at the same moment; two identical checkpoints are harmless.
   */
  async createIfDue(intervalSeconds: number): Promise<AuditCheckpoint | undefined> {
    if (intervalSeconds <= 0) return undefined;
    const latest = await latestCheckpoint(this.store.session);
    if (latest !== undefined && this.clock.now().getTime() - Date.parse(latest.at) < intervalSeconds * 1000)
      return undefined;
    if ((await lastAuditSeq(this.store.session)) === (latest?.seq ?? 0)) return undefined;
    return this.sign(undefined);
  }

  private async sign(principal: AuditActor | undefined): Promise<AuditCheckpoint> {
    const db = this.store.session;
    const chain = await verifyAuditChain(db, { batchSize: 1000 });
    if (!chain.ok) {
      throw arcaError('AuditChainBroken', { seq: chain.firstBroken.seq, reason: chain.firstBroken.reason });
    }
    await this.assertMatchesLastCheckpoint(chain.events);
    const unsigned = { seq: chain.events, head_hash: chain.head, at: isoNow(this.clock), key_id: this.key.keyId };
    const checkpoint: AuditCheckpoint = {
      ...unsigned,
      algorithm: 'Ed25519',
      public_key: this.key.publicKeyBase64,
      signature: this.key.sign(checkpointSigningText(unsigned)),
    };
    const id = randomUUID();
    await this.store.transaction(async (trx) => {
      await insertCheckpoint(trx, id, checkpoint);
      // Made on request: a state change like any other. The periodic one is not, or it would always find the head moved.
      if (principal !== undefined) {
        await auditor(principal, checkpoint.at).append(trx, {
          action: 'audit/checkpoint',
          target: `arca://audit/checkpoints/${id}`,
          outcome: 'succeeded',
          details: { seq: checkpoint.seq, head_hash: checkpoint.head_hash, key_id: checkpoint.key_id },
        });
      }
    });
    await this.exportCheckpoint(checkpoint);
    return checkpoint;
  }

  /**
   * The chain must still hold the head this server signed last: a log rewritten (with every later
   * hash recomputed) or cut since then is not blessed with a fresh signature. A stored checkpoint
   * that this key did not sign proves nothing and is skipped.
   */
  private async assertMatchesLastCheckpoint(events: number): Promise<void> {
    const last = await latestCheckpoint(this.store.session);
    if (
      last === undefined ||
      last.key_id !== this.key.keyId ||
      !this.key.verify(checkpointSigningText(last), last.signature)
    )
      return;
    const held = last.seq === 0 ? genesisHash : (await auditHashesAt(this.store.session, [last.seq])).get(last.seq);
    if (last.seq > events || held !== last.head_hash) {
      throw arcaError('AuditChainBroken', 'checkpointMismatch', {
        seq: last.seq,
        at: last.at,
        events,
        hashDiffers: last.seq > events ? '' : ' and a different hash there',
      });
    }
  }

  private async exportCheckpoint(checkpoint: AuditCheckpoint): Promise<void> {
    const file = this.options.exportFile;
    if (file === undefined) return;
    try {
      await appendFile(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o644, flag: 'a' });
    } catch (error) {
      this.options.onExportFailure?.(error, checkpoint);
    }
  }

  /**
   * Recomputes the chain and checks each checkpoint against it: signed by this server's key, and the
   * event at its `seq` still there with its `head_hash`. A checkpoint of another key is refused
   * (`CheckpointInvalid`): this server cannot tell whether it is genuine.
   */
  async verify(checkpoints: readonly AuditCheckpoint[]): Promise<CheckpointVerdict> {
    checkpoints.forEach((checkpoint, index) => {
      if (checkpoint.key_id !== this.key.keyId) {
        throw arcaError(
          'CheckpointInvalid',
          'foreignKey',
          { number: index + 1, seq: checkpoint.seq, keyId: checkpoint.key_id, ownKeyId: this.key.keyId },
          { target: `checkpoints[${index}].key_id` },
        );
      }
    });
    const db = this.store.session;
    const chain = await verifyAuditChain(db, { batchSize: 1000 });
    const hashes = await auditHashesAt(
      db,
      checkpoints.map((c) => c.seq),
    );
    const last = await lastAuditSeq(db);
    const checks = checkpoints.map((checkpoint): CheckpointCheck => {
      const base = { seq: checkpoint.seq, head_hash: checkpoint.head_hash, at: checkpoint.at };
      const failed = (problem: CheckpointProblem, message: string): CheckpointCheck => ({
        ...base,
        ok: false,
        problem,
        message,
      });
      if (!this.key.verify(checkpointSigningText(checkpoint), checkpoint.signature)) {
        return failed(
          'signature-invalid',
          `the signature does not verify with key ${this.key.keyId}: the checkpoint was altered or forged`,
        );
      }
      const held = checkpoint.seq === 0 ? genesisHash : hashes.get(checkpoint.seq);
      if (held === undefined && checkpoint.seq > last) {
        return failed(
          'chain-shorter',
          `the chain ends at event ${last}, but it had ${checkpoint.seq} events at ${checkpoint.at}: events were deleted from its end`,
        );
      }
      if (held === undefined) return failed('event-missing', `event ${checkpoint.seq} is missing: it was deleted`);
      if (held !== checkpoint.head_hash) {
        return failed(
          'hash-differs',
          `event ${checkpoint.seq} hashes to ${held ?? 'nothing'}, not ${checkpoint.head_hash} as at ${checkpoint.at}: it or an event before it was rewritten`,
        );
      }
      return { ...base, ok: true };
    });
    return { ok: chain.ok && checks.every((c) => c.ok), chain, checkpoints: checks };
  }
}
