import type { Scope } from '../../core/model/scopes.js';
import { compact } from '../../core/compact.js';
import { randomUUID } from 'node:crypto';
import type { Asset, Version } from '../../core/model/assets.js';
import { latestAlias } from '../../core/asset-types.js';
import { arcaError } from '../../core/errors.js';
import { assertAliasName, scopeSegments, type ScopeSegment } from '../../core/names.js';
import type { Permission } from '../../core/permissions.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Session, Tx } from '../../storage/metadata/session.js';
import { aliasHistory, findAlias, findVersionById } from '../../storage/metadata/assets-repository.js';
import { lockAlias, moveAlias, setAliasProtection } from '../../storage/metadata/alias-moves.js';
import {
  decideApproval,
  findApproval,
  insertApproval,
  listApprovals,
  listPendingApprovals,
} from '../../storage/metadata/approvals-repository.js';
import type { ApprovalState, LabelledApproval, PlacedApproval } from '../../core/model/approvals.js';
import type { AccessContext } from '../access/access.js';
import {
  assetRecord,
  requireAsset,
  requireScope,
  requireVersion,
  targetOf,
  type AssetLocator,
  type AssetRecord,
} from './asset-records.js';
import { isoNow, type Clock } from '../clock.js';
import { auditor, type AuditActor } from '../audit/auditor.js';
import { aliasReference, eventEmitter } from '../events/emitter.js';
import { emitAliasMove } from '../events/alias-events.js';

/** Alias `alias` pointed at version `label`; `protect` marks (or unmarks) it protected. */
export interface AliasSetting {
  alias: string;
  label: string;
  protect?: boolean | undefined;
}

/** A request that alias `alias` move to version `label`, with the requester's reason. */
export interface AliasMoveRequest {
  alias: string;
  label: string;
  reason: string | null;
}

/** The answer to approval request `approvalId`: granted (`approve`) or rejected, with a reason. */
export interface ApprovalDecision {
  approvalId: string;
  approve: boolean;
  reason: string | null;
}

/** A move of an alias to `version` (off any version when null) by `by`, audited as `action` with `extra` details. */
interface AliasMove {
  scope: Scope;
  asset: Asset;
  alias: string;
  version: Version | null;
  by: AuditActor;
  action: string;
  extra?: Record<string, unknown>;
}

export type RollbackResult = { kind: 'moved'; asset: AssetRecord } | { kind: 'requested'; approval: LabelledApproval };

/**
 * Aliases: moves recorded in history, protection (moving a protected alias needs the approve
 * permission), approval requests that someone else grants, and rollback to the previous version.
 */
/** Pending requests an inbox reads at most (newest first). */
const inboxLimit = 1_000;

export class AliasService {
  constructor(
    private readonly store: MetadataStore,
    private readonly clock: Clock,
  ) {}

  /** Points an alias at a ready version; `protect` marks (or unmarks) it protected, which itself needs approve. */
  async set(
    locator: AssetLocator,
    { alias, label, ...options }: AliasSetting,
    access: AccessContext,
  ): Promise<AssetRecord> {
    const { scope, asset } = await this.locate(locator, alias);
    const version = await requireVersion(this.store.session, asset, { version: label });
    assertReady(version);
    await this.store.transaction(async (trx) => {
      // Protection is read under the alias's lock: a protect landing meanwhile is seen, never bypassed.
      const current = await lockAlias(trx, asset.id, alias);
      if (current?.protected === true || options.protect !== undefined) this.requireApprove(scope, access, alias);
      await this.move(trx, {
        scope,
        asset,
        alias,
        version,
        by: access.principal,
        action: 'aliases/write',
        extra: compact({ protected: options.protect }),
      });
      if (options.protect !== undefined) {
        await setAliasProtection(trx, {
          historyId: randomUUID(),
          assetId: asset.id,
          name: alias,
          protected: options.protect,
          at: isoNow(this.clock),
          by: access.principal.name,
        });
      }
    });
    return assetRecord(this.store.session, scope, asset);
  }

  /** Whether an alias is protected (`latest` never is): `AliasNotFound` when the asset has no such alias. */
  async protection(locator: AssetLocator, alias: string): Promise<boolean> {
    const scope = await requireScope(this.store.session, locator.scopeKind, locator.scope);
    const asset = await requireAsset(this.store.session, scope, locator.type, locator.name);
    const row = await findAlias(this.store.session, asset.id, alias);
    if (row === undefined)
      throw arcaError('AliasNotFound', { type: asset.type, asset: asset.name, alias }, { target: 'alias' });
    return row.protected;
  }

  async remove(locator: AssetLocator, alias: string, access: AccessContext): Promise<AssetRecord> {
    const { scope, asset } = await this.locate(locator, alias);
    await this.store.transaction(async (trx) => {
      const current = await lockAlias(trx, asset.id, alias);
      if (current === undefined)
        throw arcaError('AliasNotFound', { type: asset.type, asset: asset.name, alias }, { target: 'alias' });
      if (current.protected) this.requireApprove(scope, access, alias);
      await this.move(trx, { scope, asset, alias, version: null, by: access.principal, action: 'aliases/write' });
    });
    return assetRecord(this.store.session, scope, asset);
  }

  /** Every move and protection change of an alias, newest first; with `at`, only the entry in force at that time. */
  async history(locator: AssetLocator, alias: string, at?: string) {
    const scope = await requireScope(this.store.session, locator.scopeKind, locator.scope);
    const asset = await requireAsset(this.store.session, scope, locator.type, locator.name);
    const moves = await aliasHistory(this.store.session, { assetId: asset.id, alias, limit: 1000 });
    return at === undefined ? moves : moves.filter((m) => m.at <= at).slice(0, 1);
  }

  /** Asks for an alias to move; a principal with approve (not the requester) grants or rejects it. */
  async request(
    locator: AssetLocator,
    { alias, label, reason }: AliasMoveRequest,
    access: AccessContext,
  ): Promise<LabelledApproval> {
    const { scope, asset } = await this.locate(locator, alias);
    const version = await requireVersion(this.store.session, asset, { version: label });
    assertReady(version);
    const at = isoNow(this.clock);
    const row = await this.store.transaction(async (trx) => {
      const filed = await insertApproval(trx, {
        id: randomUUID(),
        assetId: asset.id,
        alias,
        versionId: version.id,
        reason,
        by: access.principal.name,
        at,
      });
      await auditor(access.principal, at).append(trx, {
        action: `${family(scope)}/assets/aliases/request`,
        target: aliasTarget(scope, asset, alias),
        outcome: 'succeeded',
        details: { approval: filed.id, version: version.label, reason },
      });
      await eventEmitter(access.principal, at).emit(trx, {
        type: 'dev.arca.approval.requested',
        scope,
        asset,
        subject: aliasReference(scope, asset, alias),
        data: { approval: filed.id, alias, version: version.label, reason },
      });
      return filed;
    });
    return { ...row, version: version.label };
  }

  async approvals(locator: AssetLocator, state?: ApprovalState) {
    const scope = await requireScope(this.store.session, locator.scopeKind, locator.scope);
    const asset = await requireAsset(this.store.session, scope, locator.type, locator.name);
    return listApprovals(this.store.session, asset.id, state);
  }

  /**
   * The caller's inbox: pending requests, across every registry and workspace, that the caller may decide —
   * they hold the approve permission there, and the request is not their own (self-approval is refused).
   */
  async inbox(access: AccessContext): Promise<PlacedApproval[]> {
    const pending = await listPendingApprovals(this.store.session, inboxLimit);
    return pending.filter(
      (approval) =>
        approval.requestedBy !== access.principal.name &&
        access.allows(`${scopeSegments[approval.scopeKind]}/assets/approve`, {
          kind: approval.scopeKind,
          name: approval.scope,
        }),
    );
  }

  /** Grants (moving the alias in the same transaction) or rejects a pending request. Never by its requester. */
  async decide(
    locator: AssetLocator,
    { approvalId, approve, reason }: ApprovalDecision,
    access: AccessContext,
  ): Promise<LabelledApproval> {
    const scope = await requireScope(this.store.session, locator.scopeKind, locator.scope);
    const asset = await requireAsset(this.store.session, scope, locator.type, locator.name);
    const approval = /^[0-9a-f-]{36}$/.test(approvalId)
      ? await findApproval(this.store.session, asset.id, approvalId)
      : undefined;
    if (approval === undefined)
      throw arcaError('ApprovalNotFound', { type: asset.type, asset: asset.name, id: approvalId }, { target: 'id' });
    access.require(`${family(scope)}/assets/approve`, { kind: scope.kind, name: scope.name });
    if (approval.requestedBy === access.principal.name)
      throw arcaError('SelfApproval', { principal: access.principal.name, action: approve ? 'approve' : 'reject' });
    if (approval.state !== 'pending') throw arcaError('ApprovalDecided', { id: approval.id, state: approval.state });
    const version = await findVersionById(this.store.session, approval.versionId);
    if (approve && version !== undefined) assertReady(version);
    await this.store.transaction(async (trx) => {
      const at = isoNow(this.clock);
      if (
        !(await decideApproval(trx, approval.id, {
          state: approve ? 'approved' : 'rejected',
          by: access.principal.name,
          at,
          reason,
        }))
      ) {
        throw arcaError('ApprovalDecided', 'meanwhile', { id: approval.id });
      }
      // The move locks the alias and re-reads its target (archived meanwhile → AliasTargetInvalid, the
      // request stays pending); its rows are locked before the audit lock, as every transaction does.
      const moved =
        approve && version !== undefined
          ? await this.lockAndMove(trx, { asset, alias: approval.alias, version, by: access.principal })
          : undefined;
      await auditor(access.principal, at).append(trx, {
        action: `${family(scope)}/assets/approve`,
        target: aliasTarget(scope, asset, approval.alias),
        outcome: 'succeeded',
        details: {
          approval: approval.id,
          decision: approve ? 'approved' : 'rejected',
          reason,
          requestedBy: approval.requestedBy,
        },
      });
      await eventEmitter(access.principal, at).emit(trx, {
        type: 'dev.arca.approval.decided',
        scope,
        asset,
        subject: aliasReference(scope, asset, approval.alias),
        data: {
          approval: approval.id,
          alias: approval.alias,
          version: version?.label ?? null,
          decision: approve ? 'approved' : 'rejected',
          reason,
          requestedBy: approval.requestedBy,
        },
      });
      if (moved !== undefined && version !== undefined)
        await this.auditMove(
          trx,
          {
            scope,
            asset,
            alias: approval.alias,
            version,
            by: access.principal,
            action: 'aliases/write',
            extra: { approval: approval.id, approvedBy: access.principal.name, requestedBy: approval.requestedBy },
          },
          moved,
        );
    });
    const decided = await findApproval(this.store.session, asset.id, approval.id);
    return { ...(decided ?? approval), version: version?.label ?? '' };
  }

  /**
   * Moves an alias back to the version it named before its last move. With approve permission (or on
   * an unprotected alias with aliases/write) it moves at once; otherwise it files an approval request.
   */
  async rollback(
    locator: AssetLocator,
    alias: string,
    reason: string | null,
    access: AccessContext,
  ): Promise<RollbackResult> {
    const { scope, asset } = await this.locate(locator, alias);
    const approvePermission: Permission = `${family(scope)}/assets/approve`;
    const canApprove = access.allows(approvePermission, { kind: scope.kind, name: scope.name });
    // A release manager (approve) or a publisher (aliases/write) may roll back; nobody else.
    if (!canApprove) access.require(`${family(scope)}/assets/aliases/write`, { kind: scope.kind, name: scope.name });
    const previous = await this.previousTarget(this.store.session, asset, alias);
    const current = await findAlias(this.store.session, asset.id, alias);
    if (current?.protected === true && !canApprove) {
      return {
        kind: 'requested',
        approval: await this.request(
          locator,
          { alias, label: previous.label, reason: reason ?? `rollback to ${previous.label}` },
          access,
        ),
      };
    }
    await this.store.transaction(async (trx) => {
      // Read again under the alias's lock: the target comes from the newest link of the history chain.
      const locked = await lockAlias(trx, asset.id, alias);
      if (locked?.protected === true && !canApprove) this.requireApprove(scope, access, alias);
      const target = await this.previousTarget(trx, asset, alias);
      assertReady(target);
      await this.move(trx, {
        scope,
        asset,
        alias,
        version: target,
        by: access.principal,
        action: 'aliases/rollback',
        extra: { reason },
      });
    });
    return { kind: 'moved', asset: await assetRecord(this.store.session, scope, asset) };
  }

  /** The version an alias named before its last move (the newest history entry's `from`). */
  private async previousTarget(db: Session, asset: Asset, alias: string): Promise<Version> {
    const last = (await aliasHistory(db, { assetId: asset.id, alias, limit: 1, movesOnly: true }))[0];
    const previous = last?.fromVersionId ? await findVersionById(db, last.fromVersionId) : undefined;
    if (previous === undefined) throw arcaError('NoPreviousVersion', { alias, asset: asset.name }, { target: 'alias' });
    return previous;
  }

  private async move(trx: Tx, move: AliasMove): Promise<void> {
    const moved = await this.lockAndMove(trx, move);
    await this.auditMove(trx, move, moved);
  }

  /** The move itself (see alias-moves.ts: target re-checked under lock, history chained). */
  private async lockAndMove(
    trx: Tx,
    { asset, alias, version, by }: Pick<AliasMove, 'asset' | 'alias' | 'version' | 'by'>,
  ): Promise<{ fromVersionId: string | null; at: string }> {
    const at = isoNow(this.clock);
    const { fromVersionId } = await moveAlias(trx, {
      historyId: randomUUID(),
      assetId: asset.id,
      name: alias,
      toVersionId: version?.id ?? null,
      at,
      by: by.name,
    });
    return { fromVersionId, at };
  }

  private async auditMove(
    trx: Tx,
    { scope, asset, alias, version, by, action, extra = {} }: AliasMove,
    moved: { fromVersionId: string | null; at: string },
  ): Promise<void> {
    await auditor(by, moved.at).append(trx, {
      action: `${family(scope)}/assets/${action}`,
      target: aliasTarget(scope, asset, alias),
      outcome: 'succeeded',
      details: { from: moved.fromVersionId, to: version?.id ?? null, version: version?.label ?? null, ...extra },
    });
    if (moved.fromVersionId === (version?.id ?? null)) return; // a move onto where it is changes nothing
    const from = moved.fromVersionId === null ? undefined : await findVersionById(trx, moved.fromVersionId);
    await emitAliasMove(trx, eventEmitter(by, moved.at), {
      scope,
      asset,
      alias,
      from: from?.label ?? null,
      to: version?.label ?? null,
      via: action === 'aliases/rollback' ? 'rollback' : 'approval' in extra ? 'approval' : 'set',
      ...(typeof extra['protected'] === 'boolean' ? { protected: extra['protected'] } : {}),
    });
  }

  private async locate(locator: AssetLocator, alias: string) {
    assertAliasName(alias);
    if (alias === latestAlias) throw arcaError('AliasReserved', {}, { target: 'alias' });
    const scope = await requireScope(this.store.session, locator.scopeKind, locator.scope);
    return { scope, asset: await requireAsset(this.store.session, scope, locator.type, locator.name) };
  }

  private requireApprove(scope: Scope, access: AccessContext, alias: string): void {
    const permission: Permission = `${family(scope)}/assets/approve`;
    if (!access.allows(permission, { kind: scope.kind, name: scope.name })) {
      throw arcaError('AliasProtected', { alias, permission }, { target: permission });
    }
  }
}

function assertReady(version: Version): void {
  if (version.state !== 'ready')
    throw arcaError('AliasTargetInvalid', { version: version.label, state: version.state }, { target: 'version' });
}

function family(scope: Scope): ScopeSegment {
  return scopeSegments[scope.kind];
}

function aliasTarget(scope: Scope, asset: Asset, alias: string): string {
  return `${targetOf(scope.kind, scope.name, asset.type, asset.name)}/aliases/${alias}`;
}
