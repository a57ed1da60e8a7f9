import type { Logger } from 'pino';
import { assetTypeSegments, type AssetType } from '../../core/asset-types.js';
import { arcaError, isArcaError } from '../../core/errors.js';
import type { Job } from '../../core/model/jobs.js';
import type { ScopeKind } from '../../core/names.js';
import {
  decideVersions,
  defineRetentionPolicy,
  retentionPolicySpec,
  type KeptReason,
  type ProtectionReason,
  type RetentionPolicy,
  type RetentionFacts,
  type RetentionPolicySpec,
  type RetentionRuleSpec,
} from '../../core/retention.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { lineageNodes } from '../../storage/metadata/lineage-repository.js';
import {
  assetsOfTypes,
  deleteRetentionPolicy,
  findRetentionPolicy,
  putRetentionPolicy,
  scheduledRetentionPolicies,
  versionHolds,
  type VersionHolds,
} from '../../storage/metadata/retention-repository.js';
import type { Session } from '../../storage/metadata/session.js';
import { cancelQueuedJob } from '../../storage/metadata/jobs-repository.js';
import { findScopeById } from '../../storage/metadata/scopes-repository.js';
import { requireScope, targetOf } from '../assets/asset-records.js';
import type { AssetService, RemovalCheck } from '../assets/assets.js';
import { auditor, type AuditActor } from '../audit/auditor.js';
import { isoNow, type Clock } from '../clock.js';
import type { JobRunner } from '../jobs/jobs.js';
import { applyManifestPlan, planManifests, type ManifestRepositoryPlan } from './image-retention.js';
import { retentionReport, type RetentionEntry, type RetentionReport } from './retention-report.js';

/** Who removes versions on a schedule (audit events name it). */
export const retentionPrincipal = 'retention';
export const retentionJobKind = 'retention';

const scopeSegments = { registry: 'registries', workspace: 'workspaces' } as const;

/** A policy as `GET …/retention` shows it. */
export interface RetentionPolicyView extends RetentionPolicySpec {
  /** Always listed, empty when the policy holds only the image rule. */
  rules: RetentionRuleSpec[];
  updated_at: string;
  updated_by: string;
}

export type { RetentionEntry, RetentionReport } from './retention-report.js';

/** What a policy decided for each version, before acting: `apply` fills in each entry's outcome. */
export interface RetentionPlan {
  scope: { kind: ScopeKind; name: string };
  policy: RetentionPolicy;
  steps: {
    asset: { id: string; type: AssetType; name: string };
    versionId: string;
    action: 'archive' | 'delete' | 'kept';
    entry: RetentionEntry;
  }[];
  /** The untagged_manifests rule's decisions, per repository. */
  manifests: ManifestRepositoryPlan[];
}

/** What a RetentionService is built from. */
export interface RetentionDeps {
  store: MetadataStore;
  assets: AssetService;
  jobs: JobRunner;
  clock: Clock;
  log: Logger;
}

/**
 * Retention policies of registries and workspaces: the policy (one per scope), its evaluation (a
 * dry run reports every version of the assets a rule matches, with its verdict and reasons), and its
 * run, which archives or deletes through AssetService — the same path as a person's, re-checked in
 * the version's own transaction.
 */
export class RetentionService {
  private readonly store: MetadataStore;
  private readonly assets: AssetService;
  private readonly jobs: JobRunner;
  private readonly clock: Clock;
  private readonly log: Logger;

  constructor({ store, assets, jobs, clock, log }: RetentionDeps) {
    this.store = store;
    this.assets = assets;
    this.jobs = jobs;
    this.clock = clock;
    this.log = log;
    jobs.register(retentionJobKind, async (job) => {
      const { scopeId, by } = job.payload as { scopeId: string; by?: string };
      const scope = await findScopeById(this.store.session, scopeId);
      // The scope or its policy went after the run was queued: nothing to do.
      if (scope === undefined) return { skipped: 'the registry or workspace no longer exists' };
      if ((await findRetentionPolicy(this.store.session, scopeId)) === undefined)
        return { skipped: 'the policy was removed' };
      const report = await this.run(scope.kind, scope.name, {
        dryRun: false,
        actor: { name: by ?? retentionPrincipal },
        job: job.id,
      });
      this.log.info({ job: job.id, scope: report.scope, summary: report.summary }, 'retention run finished');
      return report;
    });
  }

  async setPolicy(
    kind: ScopeKind,
    name: string,
    spec: RetentionPolicySpec,
    actor: AuditActor,
  ): Promise<RetentionPolicyView> {
    const scope = await requireScope(this.store.session, kind, name);
    const policy = defineRetentionPolicy(spec);
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      await putRetentionPolicy(trx, {
        scopeId: scope.id,
        policy: JSON.stringify(policy),
        intervalSeconds: policy.intervalSeconds ?? null,
        updatedAt: now,
        updatedBy: actor.name,
      });
      // A run queued on the old interval goes: housekeeping queues the next one on the new interval.
      await cancelQueuedJob(trx, scheduleKey(scope.id), now);
      await auditor(actor, now).append(trx, {
        action: `${scopeSegments[kind]}/retention/write`,
        target: scopeTarget(kind, scope.name),
        outcome: 'succeeded',
        details: { ...retentionPolicySpec(policy) },
      });
    });
    return this.getPolicy(kind, name);
  }

  async getPolicy(kind: ScopeKind, name: string): Promise<RetentionPolicyView> {
    const { stored } = await this.requirePolicy(this.store.session, kind, name);
    return {
      ...retentionPolicySpec(JSON.parse(stored.policy) as RetentionPolicy),
      updated_at: stored.updatedAt,
      updated_by: stored.updatedBy,
    };
  }

  async deletePolicy(kind: ScopeKind, name: string, actor: AuditActor): Promise<void> {
    await this.store.transaction(async (trx) => {
      const { scope } = await this.requirePolicy(trx, kind, name);
      await deleteRetentionPolicy(trx, scope.id);
      await cancelQueuedJob(trx, scheduleKey(scope.id), isoNow(this.clock));
      await auditor(actor, isoNow(this.clock)).append(trx, {
        action: `${scopeSegments[kind]}/retention/delete`,
        target: scopeTarget(kind, scope.name),
        outcome: 'succeeded',
      });
    });
  }

  /** Queues a real run as a durable job (one queued or running per scope); its report becomes the job's result. */
  async submit(kind: ScopeKind, name: string, actor: AuditActor): Promise<Job> {
    const { scope } = await this.requirePolicy(this.store.session, kind, name);
    return this.jobs.submit(
      {
        kind: retentionJobKind,
        payload: { scopeId: scope.id, by: actor.name },
        dedupeKey: runKey(scope.id),
        maxAttempts: 3,
      },
      actor,
    );
  }

  /**
   * Queues the next run of every policy with an interval, an interval from now, unless one is queued or
   * running already: the dedupe key keeps one scheduled run per scope across replicas (as for GC).
   * Returns how many it queued.
   */
  async scheduleRuns(): Promise<number> {
    let queued = 0;
    for (const { scopeId, intervalSeconds } of await scheduledRetentionPolicies(this.store.session, 1_000)) {
      const runAt = new Date(this.clock.now().getTime() + intervalSeconds * 1000);
      const inserted = await this.jobs.enqueue(this.store.session, {
        kind: retentionJobKind,
        payload: { scopeId },
        dedupeKey: scheduleKey(scopeId),
        maxAttempts: 3,
        runAt,
      });
      if (inserted) queued++;
    }
    return queued;
  }

  /**
   * Evaluates the policy and, unless dry, acts on it: each version to go is archived or deleted in its
   * own transaction, after a re-check there; one that gained a hold in between is skipped and reported.
   */
  async run(
    kind: ScopeKind,
    name: string,
    options: { dryRun: boolean; actor: AuditActor; job?: string },
  ): Promise<RetentionReport> {
    const plan = await this.plan(kind, name);
    return options.dryRun ? this.report(plan, true) : this.apply(plan, options);
  }

  /** What the policy decides for every version of the assets its rules match, now (changes nothing). */
  async plan(kind: ScopeKind, name: string): Promise<RetentionPlan> {
    const { scope, stored } = await this.requirePolicy(this.store.session, kind, name);
    const policy = JSON.parse(stored.policy) as RetentionPolicy;
    const now = this.clock.now();
    const plan: RetentionPlan = {
      scope: { kind: scope.kind, name: scope.name },
      policy,
      steps: [],
      manifests:
        policy.untaggedManifests === undefined
          ? []
          : await planManifests(this.store.session, scope, policy.untaggedManifests, now),
    };
    const types = [...new Set(policy.rules.map((r) => r.assetType))];
    for (const asset of await assetsOfTypes(this.store.session, scope.id, types)) {
      const verdicts = decideVersions(policy, asset, await this.facts(asset.id), now);
      if (verdicts.every((v) => v.rule === undefined)) continue;
      for (const verdict of verdicts) {
        plan.steps.push({
          asset,
          versionId: verdict.versionId,
          action: verdict.verdict,
          entry: {
            asset_type: assetTypeSegments[asset.type],
            asset: asset.name,
            version: verdict.label,
            state: verdict.state,
            outcome:
              verdict.verdict === 'kept' ? 'kept' : verdict.verdict === 'archive' ? 'would_archive' : 'would_delete',
            reasons: verdict.reasons.map(reasonView),
            ...(verdict.rule === undefined ? {} : { rule: verdict.rule }),
          },
        });
      }
    }
    return plan;
  }

  /** Acts on a plan, version by version, and audits the run (`<family>/retention/run`, with its summary). */
  async apply(plan: RetentionPlan, options: { actor: AuditActor; job?: string }): Promise<RetentionReport> {
    const { kind, name } = plan.scope;
    for (const step of plan.steps)
      if (step.action !== 'kept')
        await this.act(kind, name, plan.policy, step.asset, step.versionId, step.action, step.entry, options);
    const rule = plan.policy.untaggedManifests;
    if (rule !== undefined && plan.manifests.length > 0)
      await applyManifestPlan(plan.manifests, {
        store: this.store,
        clock: this.clock,
        scope: await requireScope(this.store.session, kind, name),
        rule,
        actor: options.actor,
        ...(options.job === undefined ? {} : { job: options.job }),
      });
    const report = this.report(plan, false);
    await auditor(options.actor, this.clock).append(this.store.session, {
      action: `${scopeSegments[kind]}/retention/run`,
      target: scopeTarget(kind, name),
      outcome: 'succeeded',
      details: { ...report.summary, ...(options.job === undefined ? {} : { job: options.job }) },
    });
    return report;
  }

  private report(plan: RetentionPlan, dryRun: boolean): RetentionReport {
    return retentionReport(
      scopeTarget(plan.scope.kind, plan.scope.name),
      dryRun,
      plan.steps.map((s) => s.entry),
      plan.manifests.flatMap((r) => r.steps.map((s) => s.entry)),
    );
  }

  private async act(
    scopeKind: ScopeKind,
    scopeName: string,
    policy: RetentionPolicy,
    asset: { id: string; type: AssetType; name: string },
    versionId: string,
    action: 'archive' | 'delete',
    entry: RetentionEntry,
    options: { actor: AuditActor; job?: string },
  ): Promise<void> {
    const locator = { scopeKind, scope: scopeName, type: asset.type, name: asset.name, version: entry.version };
    const removal: RemovalCheck = {
      details: { retention: { rule: entry.rule, ...(options.job === undefined ? {} : { job: options.job }) } },
      // The whole asset weighed again in the version's transaction (its row locked by now): an alias,
      // approval, derived or shared version, or a newer version archived in between keeps it.
      recheck: async (trx, id) => {
        const facts = await this.facts(asset.id, trx);
        // An archive has already marked the version in this transaction: weigh it as it was.
        const before = facts.map((f) => (f.versionId === id ? { ...f, state: entry.state } : f));
        const verdict = decideVersions(policy, asset, before, this.clock.now()).find((v) => v.versionId === id);
        if (verdict === undefined || verdict.verdict !== action)
          throw arcaError(
            'VersionInUse',
            'retention',
            {
              version: entry.version,
              reasons: (verdict?.reasons ?? []).map((r) => describeReason(reasonView(r))).join('; '),
            },
            { target: 'version' },
          );
      },
    };
    try {
      if (action === 'archive') await this.assets.archiveVersion(locator, options.actor, removal);
      else await this.assets.deleteVersion(locator, { force: false }, options.actor, removal);
      entry.outcome = action === 'archive' ? 'archived' : 'deleted';
    } catch (error) {
      // Changed since the evaluation (an alias, an approval, a derived or shared version, or gone): left as it is.
      if (
        !isArcaError(error) ||
        !['VersionInUse', 'VersionProtected', 'VersionNotFound', 'VersionNotReady'].includes(error.code)
      )
        throw error;
      entry.outcome = 'skipped';
      entry.skipped_because = error.message;
    }
  }

  /** Every version of an asset, with what holds on to it. */
  private async facts(assetId: string, db: Session = this.store.session): Promise<RetentionFacts[]> {
    const facts: RetentionFacts[] = [];
    for (const h of await versionHolds(db, assetId))
      facts.push({
        versionId: h.id,
        label: h.label,
        state: h.state,
        readyAt: h.readyAt,
        protections: await this.protections(h, db),
      });
    return facts;
  }

  /** What holds on to a version from outside its asset's own history, with the versions named. */
  private async protections(holds: VersionHolds, db: Session = this.store.session): Promise<ProtectionReason[]> {
    const named = new Map(
      (await lineageNodes(db, [...holds.derivedBy, ...holds.sharedAs])).map((n) => [
        n.id,
        targetOf(n.scopeKind, n.scopeName, n.assetType, n.assetName, n.label),
      ]),
    );
    return [
      ...holds.aliases.map((alias) => ({ reason: 'alias' as const, alias })),
      ...holds.pendingApprovals.map((alias) => ({ reason: 'pending approval' as const, alias })),
      ...holds.derivedBy.map((id) => ({ reason: 'lineage input' as const, of: named.get(id) ?? id })),
      ...holds.sharedAs.map((id) => ({ reason: 'shared into' as const, into: named.get(id) ?? id })),
    ];
  }

  private async requirePolicy(db: Session, kind: ScopeKind, name: string) {
    const scope = await requireScope(db, kind, name);
    const stored = await findRetentionPolicy(db, scope.id);
    if (stored === undefined) throw arcaError('RetentionPolicyNotFound', { kind, name: scope.name }, { target: kind });
    return { scope, stored };
  }
}

/** The scheduled run of a scope: one queued or running at a time. */
function scheduleKey(scopeId: string): string {
  return `${retentionJobKind}:${scopeId}`;
}

/** A run someone asked for: apart from the scheduled one, which may be queued for later. */
function runKey(scopeId: string): string {
  return `${retentionJobKind}-request:${scopeId}`;
}

function scopeTarget(kind: ScopeKind, name: string): string {
  return `arca://${scopeSegments[kind]}/${name}`;
}

function reasonView(reason: KeptReason): Record<string, string | number> {
  return { ...reason };
}

function describeReason(reason: Record<string, string | number>): string {
  const { reason: what, ...rest } = reason;
  const detail = Object.values(rest).join(', ');
  return detail === '' ? String(what) : `${String(what)} ${detail}`;
}
