import type { Operation, ScopeRecord, ScopeRegion } from '../../core/model/scopes.js';
import { compact } from '../../core/compact.js';
import { randomUUID } from 'node:crypto';
import { arcaError, type ArcaError } from '../../core/errors.js';
import { assertRegionName, assertScopeName, nameKey, scopeSegments, type ScopeKind } from '../../core/names.js';
import {
  defineRegion,
  validTags,
  type RegionDefinition,
  type RegionSpec,
  type ScopeDefinition,
} from '../../core/scope-spec.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Session } from '../../storage/metadata/session.js';
import { isUniqueViolation } from '../../storage/metadata/metadata-store.js';
import { findRunningOperationFor } from '../../storage/metadata/operations-repository.js';
import {
  countScopeAssets,
  deleteScopeRegion,
  findScopeById,
  findScopeByName,
  findScopeVersion,
  findVersionedScope,
  deleteScope,
  insertScope,
  insertScopeRegion,
  listScopes,
  replaceScopeTags,
  updateScopeFields,
  updateScopeRegion,
} from '../../storage/metadata/scopes-repository.js';
import { mergeKv } from '../../storage/metadata/kv.js';
import { lockScopeRow } from '../../storage/metadata/row-locks.js';
import { auditor, type AuditActor } from '../audit/auditor.js';
import { deleteScopeAssignments } from '../../storage/metadata/access-repository.js';
import { isoNow, type Clock } from '../clock.js';
import type { Principal } from '../access/identity.js';
import type { OperationRunner } from './operations.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { retireScopeForDelete } from '../assets/immutability.js';
import { alreadyExists, assertRemovalsNamed, isSettled, scopeDifferences } from './scope-differences.js';

export const provisionOperation = 'scope.provision';
/** Scopes `show` keeps at most (all forgotten beyond it): memory stays bounded. */
const shownCapacity = 10_000;
export const deleteOperation = 'scope.delete';

export interface ScopePatch {
  description?: string | null;
  /** Merged into the current tags; a null value removes the tag. */
  tags?: Record<string, string | null>;
  addRegions?: RegionSpec[];
  removeRegions?: string[];
}

/** How `createOrUpdate` treats a scope that exists. */
export interface ApplyOptions {
  /** Only create: an existing scope that differs from the definition is refused (`…AlreadyExists`). */
  createOnly?: boolean;
  /** The regions the definition leaves out on purpose: they are removed (no other region ever is). */
  removeRegions?: string[];
}

/** A write that always starts an operation. */
export interface ProvisioningChange extends ScopeChange {
  operation: Operation;
}

export interface ScopePage {
  items: ScopeRecord[];
  next?: string;
}

/** The outcome of a write: the resource as it now stands, and the operation finishing it (if any). */
export interface ScopeChange {
  scope: ScopeRecord;
  operation?: Operation;
  created: boolean;
}

const label: Record<ScopeKind, string> = { registry: 'registry', workspace: 'workspace' };

/**
 * Registries and workspaces: one service, parameterised by kind, since both follow the same rules
 * (names, tags, regions, provisioning through operations). Workspaces simply have one region.
 */
/** What follows a region change (the composition root queues replication and garbage collection). */
export interface ScopeHooks {
  /** A replica region became ready: copy the scope's content there. */
  regionReady?(db: Session, scopeId: string, region: string): Promise<void>;
  /** A region left a scope: its copies no other scope there uses can go. */
  regionRemoved?(db: Session, scopeId: string, region: string): Promise<void>;
}

/** A scope defined again (PUT): its record now, the definition, and the regions the caller agrees to remove. */
interface ScopeReplacement {
  existing: ScopeRecord;
  definition: ScopeDefinition;
  actor: Principal;
  removeRegions: string[];
}

/** The regions a scope should have from now on (see ScopeService.applyRegions). */
interface RegionChange {
  scope: ScopeRecord;
  wanted: RegionDefinition[];
  actor: Principal;
  now: string;
}

/** What a ScopeService is built from. */
export interface ScopeServiceDeps {
  store: MetadataStore;
  operations: OperationRunner;
  regions: RegionStores;
  clock: Clock;
  hooks?: ScopeHooks;
}

export class ScopeService {
  private readonly store: MetadataStore;
  private readonly operations: OperationRunner;
  private readonly regions: RegionStores;
  private readonly clock: Clock;
  private readonly hooks: ScopeHooks;
  /** Scopes shown, by kind and case-folded name, with the version they were read at (see `show`). */
  private readonly shown = new Map<string, { scope: ScopeRecord; version: number }>();

  constructor({ store, operations, regions, clock, hooks = {} }: ScopeServiceDeps) {
    this.store = store;
    this.operations = operations;
    this.regions = regions;
    this.clock = clock;
    this.hooks = hooks;
    operations.register(provisionOperation, (op, lease) => this.provision(op.targetId ?? '', lease), {
      permission: 'write',
      retry: (trx, op, actor) => this.readyForProvisioning(trx, op, actor),
      cancel: (trx, op, actor) => this.provisioningCancelled(trx, op, actor),
    });
    // Deleting makes its change in one transaction: there is no halfway to stop at.
    operations.register(deleteOperation, (op) => this.remove(op.targetId ?? ''), {
      permission: 'delete',
      retry: async (trx, op) => {
        if ((await findScopeById(trx, op.targetId ?? '')) === undefined) throw gone(op);
      },
    });
  }

  /**
   * A scope as `get` reads it, for showing: kept by this process with the version it was read at and
   * shown again while the row still holds that version (one indexed read of two columns, where reading
   * it whole takes its tags and regions). Every change bumps the version in its own transaction, so a
   * change any replica acknowledged shows on the next read here. The record is shared: read it only.
   */
  async show(kind: ScopeKind, name: string): Promise<Readonly<ScopeRecord>> {
    assertScopeName(kind, name);
    const key = nameKey(name);
    const current = await findScopeVersion(this.store.session, kind, key);
    if (current === undefined) throw notFound(kind, name);
    const shownKey = `${kind}/${key}`;
    const kept = this.shown.get(shownKey);
    if (kept !== undefined && kept.scope.id === current.id && kept.version === current.version) return kept.scope;
    const read = await findVersionedScope(this.store.session, kind, key);
    if (read === undefined) throw notFound(kind, name);
    if (this.shown.size >= shownCapacity) this.shown.clear();
    this.shown.set(shownKey, read);
    return read.scope;
  }

  async get(kind: ScopeKind, name: string): Promise<ScopeRecord> {
    assertScopeName(kind, name);
    const found = await findScopeByName(this.store.session, kind, nameKey(name));
    if (found === undefined) throw notFound(kind, name);
    return found;
  }

  /** A page of scopes; `visible` limits it to the names (case-folded) the caller may read. */
  async list(
    kind: ScopeKind,
    query: { tags?: { key: string; value?: string }[]; cursor?: string; top: number; visible: 'all' | Set<string> },
  ): Promise<ScopePage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, `${kind}s`);
    if (query.visible !== 'all' && query.visible.size === 0) return { items: [] };
    const page = await listScopes(this.store.session, {
      kind,
      limit: query.top,
      ...(query.tags ? { tags: query.tags } : {}),
      ...compact({ afterNameKey: after }),
      ...(query.visible === 'all' ? {} : { nameKeys: [...query.visible] }),
    });
    const last = page.items.at(-1);
    return { items: page.items, ...(page.more && last ? { next: encodeCursor(`${kind}s`, last.nameKey) } : {}) };
  }

  /**
   * Creates the scope, or brings an existing one to the definition (description, tags, public access;
   * regions added; the primary location never changes). An existing scope the definition describes
   * exactly (and whose regions are all provisioned) is left alone: no operation. Regions the definition
   * leaves out are removed only when `removeRegions` names them (a removal deletes copies, so it is
   * never implied). With `createOnly`, an existing scope that differs is `…AlreadyExists`.
   */
  async createOrUpdate(
    definition: ScopeDefinition,
    actor: Principal,
    options: ApplyOptions = {},
  ): Promise<ScopeChange> {
    this.assertRegionsKnown(definition.regions.map((r) => r.location));
    (options.removeRegions ?? []).forEach((r) => assertRegionName(r, 'remove_region'));
    try {
      const change = await this.store.transaction(async (trx): Promise<ScopeChange> => {
        const existing = await findScopeByName(trx, definition.kind, nameKey(definition.name));
        if (existing === undefined) return this.insert(trx, definition, actor);
        if (existing.name !== definition.name) {
          throw await this.conflict(definition.kind, definition.name, existing.name);
        }
        const differences = scopeDifferences(existing, definition);
        if (differences.length === 0 && isSettled(existing)) return { scope: existing, created: false };
        if (options.createOnly === true && differences.length > 0) throw alreadyExists(existing, differences);
        return this.replace(trx, { existing, definition, actor, removeRegions: options.removeRegions ?? [] });
      });
      if (change.operation) this.operations.start(change.operation.id);
      return change;
    } catch (error) {
      // A concurrent create of the same name won the unique index: report it, change nothing.
      if (isUniqueViolation(error)) throw await this.conflict(definition.kind, definition.name);
      throw error;
    }
  }

  /** Updates description and tags in place; region changes start a provisioning operation. */
  async patch(kind: ScopeKind, name: string, patch: ScopePatch, actor: Principal): Promise<ScopeChange> {
    assertScopeName(kind, name);
    const added = (patch.addRegions ?? []).map((r, i) => defineRegion(r, `add_replication_locations[${i}]`));
    (patch.removeRegions ?? []).forEach((r, i) => assertRegionName(r, `remove_replication_locations[${i}]`));
    this.assertRegionsKnown(added.map((r) => r.location));
    const change = await this.store.transaction(async (trx): Promise<ScopeChange> => {
      await lockScopeRow(trx, kind, nameKey(name));
      const scope = await findScopeByName(trx, kind, nameKey(name));
      if (scope === undefined) throw notFound(kind, name);
      const now = isoNow(this.clock);
      if (patch.tags !== undefined) await replaceScopeTags(trx, scope.id, validTags(mergeKv(scope.tags, patch.tags)));
      await updateScopeFields(trx, scope.id, {
        ...compact({ description: patch.description }),
        updatedAt: now,
        updatedBy: actor.name,
      });
      await auditor(actor, now).append(trx, {
        action: `${scopeSegments[kind]}/write`,
        target: scopeTarget(kind, scope.name),
        outcome: 'succeeded',
        details: patch,
      });
      if (added.length === 0 && (patch.removeRegions ?? []).length === 0) return { scope, created: false };
      if (kind === 'workspace')
        throw arcaError('PrimaryLocationImmutable', 'workspace', {}, { target: 'replication_locations' });
      const current = new Map(scope.regions.map((r) => [r.region, r]));
      const wanted = new Map<string, RegionDefinition>(
        scope.regions.map((r) => [
          r.region,
          {
            location: r.region,
            storageAccountType: r.storageAccountType,
            storageAccountHns: r.storageAccountHns,
          },
        ]),
      );
      for (const region of patch.removeRegions ?? []) {
        if (region === scope.location) throw primaryImmutable(kind, scope.name, scope.location);
        if (!current.has(region))
          throw arcaError(
            'InvalidParameter',
            'noRegionToRemove',
            { kind: label[kind], scope: scope.name, region },
            { target: 'remove_replication_locations' },
          );
        wanted.delete(region);
      }
      for (const region of added) {
        if (wanted.has(region.location))
          throw arcaError(
            'RegionDuplicated',
            'alreadyReplicated',
            { kind: label[kind], scope: scope.name, region: region.location },
            { target: 'add_replication_locations' },
          );
        wanted.set(region.location, region);
      }
      return this.applyRegions(trx, { scope, wanted: [...wanted.values()], actor, now });
    });
    if (change.operation) this.operations.start(change.operation.id);
    return { ...change, scope: await this.reload(change.scope.id) };
  }

  /** Starts deleting a scope. Refused while it holds assets, unless forced; forced, refused while it holds protected aliases. */
  async delete(kind: ScopeKind, name: string, options: { force: boolean }, actor: Principal): Promise<Operation> {
    assertScopeName(kind, name);
    const operation = await this.store.transaction(async (trx) => {
      const scope = await findScopeByName(trx, kind, nameKey(name));
      if (scope === undefined) throw notFound(kind, name);
      await this.assertIdle(trx, scope);
      const assets = await countScopeAssets(trx, scope.id);
      if (assets > 0 && !options.force) {
        throw arcaError('ScopeNotEmpty', { kind: label[kind], name: scope.name, assets }, { target: 'force' });
      }
      if (assets > 0) await retireScopeForDelete(trx, scope, isoNow(this.clock), actor.name);
      await updateScopeFields(trx, scope.id, {
        provisioningState: 'Deleting',
        updatedAt: isoNow(this.clock),
        updatedBy: actor.name,
      });
      await auditor(actor, this.clock).append(trx, {
        action: `${scopeSegments[kind]}/delete`,
        target: scopeTarget(kind, scope.name),
        outcome: 'succeeded',
        details: { force: options.force, assets },
      });
      return this.operations.create(trx, {
        kind: deleteOperation,
        targetKind: kind,
        targetName: scope.name,
        targetId: scope.id,
        payload: { force: options.force },
        createdBy: actor.name,
      });
    });
    this.operations.start(operation.id);
    return operation;
  }

  private async insert(trx: Session, definition: ScopeDefinition, actor: Principal): Promise<ProvisioningChange> {
    const now = isoNow(this.clock);
    const id = randomUUID();
    const regions: ScopeRegion[] = definition.regions.map((r, position) => newRegion(r, position, definition.location));
    await insertScope(
      trx,
      {
        id,
        kind: definition.kind,
        name: definition.name,
        nameKey: nameKey(definition.name),
        description: definition.description,
        location: definition.location,
        publicNetworkAccess: definition.publicNetworkAccess,
        provisioningState: 'Creating',
        createdAt: now,
        createdBy: actor.name,
        updatedAt: now,
        updatedBy: actor.name,
      },
      definition.tags,
      regions,
    );
    const operation = await this.operations.create(trx, {
      kind: provisionOperation,
      targetKind: definition.kind,
      targetName: definition.name,
      targetId: id,
      payload: {},
      createdBy: actor.name,
    });
    await auditor(actor, now).append(trx, {
      action: `${scopeSegments[definition.kind]}/write`,
      target: scopeTarget(definition.kind, definition.name),
      outcome: 'succeeded',
      details: {
        created: true,
        location: definition.location,
        regions: definition.regions.map((r) => r.location),
        tags: definition.tags,
      },
    });
    const scope = await findScopeById(trx, id);
    if (scope === undefined) throw arcaError('InternalError', 'scopeVanishedInTransaction', {});
    return { scope, operation, created: true };
  }

  private async replace(
    trx: Session,
    { existing, definition, actor, removeRegions }: ScopeReplacement,
  ): Promise<ProvisioningChange> {
    if (existing.location !== definition.location)
      throw primaryImmutable(definition.kind, existing.name, existing.location);
    assertRemovalsNamed(existing, definition, removeRegions);
    await this.assertIdle(trx, existing);
    const now = isoNow(this.clock);
    await updateScopeFields(trx, existing.id, {
      description: definition.description,
      publicNetworkAccess: definition.publicNetworkAccess,
      updatedAt: now,
      updatedBy: actor.name,
    });
    await auditor(actor, now).append(trx, {
      action: `${scopeSegments[definition.kind]}/write`,
      target: scopeTarget(definition.kind, definition.name),
      outcome: 'succeeded',
      details: {
        before: { regions: existing.regions.map((r) => r.region), tags: existing.tags },
        after: { regions: definition.regions.map((r) => r.location), tags: definition.tags },
      },
    });
    await replaceScopeTags(trx, existing.id, definition.tags);
    return this.applyRegions(trx, { scope: existing, wanted: definition.regions, actor, now });
  }

  /** Brings the region rows to `wanted`: new ones are provisioned, dropped ones removed, by one operation. */
  private async applyRegions(trx: Session, { scope, wanted, actor, now }: RegionChange): Promise<ProvisioningChange> {
    await this.assertIdle(trx, scope);
    const current = new Map(scope.regions.map((r) => [r.region, r]));
    const wantedNames = new Set(wanted.map((r) => r.location));
    let position = Math.max(0, ...scope.regions.map((r) => r.position)) + 1;
    for (const region of wanted) {
      const existing = current.get(region.location);
      if (existing === undefined) {
        await insertScopeRegion(trx, scope.id, newRegion(region, position++, scope.location));
      } else {
        await updateScopeRegion(trx, scope.id, region.location, {
          storageAccountType: region.storageAccountType,
          storageAccountHns: region.storageAccountHns,
          // A region that failed, or that a cancelled change left half-removed, is made (again).
          ...(existing.provisioningState === 'Failed' || existing.provisioningState === 'Deleting'
            ? { provisioningState: 'Creating' as const, error: null }
            : {}),
        });
      }
    }
    for (const region of scope.regions) {
      if (!wantedNames.has(region.region))
        await updateScopeRegion(trx, scope.id, region.region, { provisioningState: 'Deleting' });
    }
    await updateScopeFields(trx, scope.id, { provisioningState: 'Updating', updatedAt: now, updatedBy: actor.name });
    const operation = await this.operations.create(trx, {
      kind: provisionOperation,
      targetKind: scope.kind,
      targetName: scope.name,
      targetId: scope.id,
      payload: {},
      createdBy: actor.name,
    });
    const updated = await findScopeById(trx, scope.id);
    return { scope: updated ?? scope, operation, created: false };
  }

  /** The provisioning operation: make each new region's store ready, drop removed regions. Idempotent. */
  private async provision(scopeId: string, lease: { renew(): Promise<void> }): Promise<void> {
    const scope = await findScopeById(this.store.session, scopeId);
    if (scope === undefined) return;
    const failures: string[] = [];
    for (const region of scope.regions) {
      await lease.renew();
      if (region.provisioningState === 'Deleting') {
        await deleteScopeRegion(this.store.session, scopeId, region.region);
        await this.hooks.regionRemoved?.(this.store.session, scopeId, region.region);
        continue;
      }
      if (region.provisioningState === 'Succeeded') continue;
      try {
        const blobs = this.regions.resolve(region.region);
        if (blobs === undefined) throw arcaError('RegionUnknown', 'provisioning', { region: region.region });
        await blobs.provision();
        await updateScopeRegion(this.store.session, scopeId, region.region, {
          provisioningState: 'Succeeded',
          error: null,
        });
        if (!region.isPrimary) await this.hooks.regionReady?.(this.store.session, scopeId, region.region);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${region.region}: ${message}`);
        await updateScopeRegion(this.store.session, scopeId, region.region, {
          provisioningState: 'Failed',
          error: message,
        });
      }
    }
    await updateScopeFields(this.store.session, scopeId, {
      provisioningState: failures.length === 0 ? 'Succeeded' : 'Failed',
    });
    if (failures.length > 0)
      throw arcaError('StorageUnavailable', 'provisioningFailed', {
        count: failures.length,
        failures: failures.join('; '),
      });
  }

  /** Before a provisioning runs again: its failed or cancelled regions are to be made again. */
  private async readyForProvisioning(trx: Session, op: Operation, actor: AuditActor): Promise<void> {
    const scope = await findScopeById(trx, op.targetId ?? '');
    if (scope === undefined) throw gone(op);
    for (const region of scope.regions) {
      if (region.provisioningState === 'Failed')
        await updateScopeRegion(trx, scope.id, region.region, { provisioningState: 'Creating', error: null });
    }
    const made = scope.regions.some((r) => r.provisioningState === 'Succeeded');
    await updateScopeFields(trx, scope.id, {
      provisioningState: made ? 'Updating' : 'Creating',
      updatedAt: isoNow(this.clock),
      updatedBy: actor.name,
    });
  }

  /**
   * A cancelled provisioning: the regions it had not made yet are Failed, saying who stopped it, and so is
   * the scope. Regions it was removing stay `Deleting` until a retry or the next change finishes them.
   */
  private async provisioningCancelled(trx: Session, op: Operation, actor: AuditActor): Promise<void> {
    const scope = await findScopeById(trx, op.targetId ?? '');
    if (scope === undefined) return;
    for (const region of scope.regions) {
      if (region.provisioningState === 'Creating')
        await updateScopeRegion(trx, scope.id, region.region, {
          provisioningState: 'Failed',
          error: `provisioning was cancelled by ${actor.name} (operation ${op.id})`,
        });
    }
    await updateScopeFields(trx, scope.id, {
      provisioningState: 'Failed',
      updatedAt: isoNow(this.clock),
      updatedBy: actor.name,
    });
  }

  private async remove(scopeId: string): Promise<void> {
    // Blobs stay: they are shared by content across scopes in a region; garbage collection reclaims them.
    // Role assignments go with the scope, so a new scope of the same name starts with none.
    await this.store.transaction(async (trx) => {
      const scope = await findScopeById(trx, scopeId);
      if (scope === undefined) return;
      await deleteScopeAssignments(trx, scope.kind, scope.nameKey);
      await deleteScope(trx, scopeId);
    });
  }

  private async reload(id: string): Promise<ScopeRecord> {
    const scope = await findScopeById(this.store.session, id);
    if (scope === undefined) throw arcaError('InternalError', 'scopeVanishedWhileUpdating', {});
    return scope;
  }

  private async assertIdle(db: Session, scope: ScopeRecord): Promise<void> {
    const running = await findRunningOperationFor(db, scope.id);
    if (running !== undefined) {
      throw arcaError(
        'OperationInProgress',
        { kind: label[scope.kind], name: scope.name, operation: running.id },
        { target: 'name' },
      );
    }
  }

  private async conflict(kind: ScopeKind, name: string, existingName?: string): Promise<ArcaError> {
    const taken = existingName ?? (await findScopeByName(this.store.session, kind, nameKey(name)))?.name ?? name;
    const code = kind === 'registry' ? 'RegistryAlreadyExists' : 'WorkspaceAlreadyExists';
    if (taken !== name) return arcaError(code, { name: taken }, { target: 'name' });
    return arcaError('OperationInProgress', 'creating', { kind: label[kind], name }, { target: 'name' });
  }

  private assertRegionsKnown(regions: string[]): void {
    for (const region of regions) {
      if (this.regions.resolve(region) === undefined) {
        throw arcaError('RegionUnknown', { region }, { target: 'location' });
      }
    }
  }
}

/** A retried operation whose registry or workspace is gone. */
function gone(op: Operation) {
  return arcaError(
    'OperationNotActive',
    'targetGone',
    { id: op.id, kind: op.targetKind, name: op.targetName },
    { target: 'id' },
  );
}

function scopeTarget(kind: ScopeKind, name: string): string {
  return `arca://${scopeSegments[kind]}/${name}`;
}

function newRegion(region: RegionDefinition, position: number, primary: string): ScopeRegion {
  return {
    region: region.location,
    isPrimary: region.location === primary,
    position,
    storageAccountType: region.storageAccountType,
    storageAccountHns: region.storageAccountHns,
    provisioningState: 'Creating',
    error: null,
  };
}

function notFound(kind: ScopeKind, name: string): ArcaError {
  return arcaError(kind === 'registry' ? 'RegistryNotFound' : 'WorkspaceNotFound', { name }, { target: 'name' });
}

function primaryImmutable(kind: ScopeKind, name: string, location: string): ArcaError {
  return arcaError('PrimaryLocationImmutable', { kind: label[kind], name, location }, { target: 'location' });
}
