import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  automationInvalid,
  checkAutomationName,
  checkEventPatterns,
  eventPatternMatches,
  maxDescriptionLength,
  type AutomationPatch,
  type AutomationSpec,
} from '../../core/automations.js';
import { compact } from '../../core/compact.js';
import { arcaError, atTarget, isArcaError } from '../../core/errors.js';
import { compileEventFilter, eventFactsOf, type EventFilter } from '../../core/event-filter.js';
import type { CloudEvent } from '../../core/events.js';
import { nameKey, scopeSegments, type ScopeKind } from '../../core/names.js';
import { compilePayloadTemplate } from '../../core/payload-template.js';
import {
  advanceDispatchCursor,
  attemptsOf,
  claimDispatchCursor,
  countAutomations,
  deleteAutomation,
  enabledAutomations,
  findAutomation,
  findAutomationByName,
  findDelivery,
  insertAutomation,
  insertDelivery,
  listAutomations,
  listDeliveries,
  lockAutomation,
  recordAttempt,
  removeEndedDeliveries,
  scopeIdOf,
  setDeliveryState,
  updateAutomation,
  type AttemptRow,
  type DeliveryRow,
  type ScopedAutomationRow,
} from '../../storage/metadata/automations-repository.js';
import { appendEvent, eventAt, lastEventPosition, listEvents } from '../../storage/metadata/events-repository.js';
import { isUniqueViolation, type MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Tx } from '../../storage/metadata/session.js';
import { auditor, type AuditActor } from '../audit/auditor.js';
import { isoNow, type Clock } from '../clock.js';
import { onEventsCommitted } from '../events/emitter.js';
import { finalFailure, retryIn } from '../jobs/job-errors.js';
import { systemPrincipal, type JobContext, type JobRunner } from '../jobs/jobs.js';
import type { SecretBox } from './secret-box.js';
import { checkWebhookUrl, type AddressPolicy } from './ssrf-guard.js';
import { sendWebhook, validateWebhookHeaders, type WebhookOutcome } from './webhook-send.js';
import { newWebhookSecret } from './webhook-signing.js';

export const deliveryJobKind = 'webhook-delivery';

/** Where an automation lives: the organisation, or one registry or workspace (by name). */
export type AutomationScope = { kind: 'org' } | { kind: ScopeKind; name: string };

/** How deliveries behave (config `automation*`). */
export interface DeliveryOptions {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxResponseBytes: number;
  /** A delivery is retried for this long after its event, then fails for good. */
  retryForSeconds: number;
  /** The first retry waits about this long, each further one twice as long (with jitter), at most an hour. */
  retryBaseSeconds: number;
  /** Deliveries in a row that fail for good before the automation is disabled. */
  disableAfterFailures: number;
  /** How often a dispatcher looks for events committed by other replicas. */
  pollMs: number;
}

export interface AutomationDeps {
  store: MetadataStore;
  /**
   * The queue delivery jobs run on: a runner of their own (its own workers), so a slow receiver or a burst
   * of events neither waits behind nor holds up replication, GC and retention.
   */
  jobs: JobRunner;
  clock: Clock;
  log: Logger;
  secrets: SecretBox;
  policy: AddressPolicy;
  options: DeliveryOptions;
  /** Name resolution for the SSRF guard (tests answer their own). */
  resolve?: Parameters<typeof checkWebhookUrl>[2];
}

/** An automation as the API shows it: header values and secrets are never shown. */
export interface AutomationView {
  id: string;
  name: string;
  description: string;
  scope: { kind: 'organization' } | { kind: ScopeKind; name: string };
  events: string[];
  filter?: string;
  webhook: { url: string; headers: string[] };
  payload?: unknown;
  enabled: boolean;
  disabled_reason?: string;
  consecutive_failures: number;
  secret_rotation?: { previous_expires_at: string };
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface AttemptView {
  attempt: number;
  started_at: string;
  outcome: string;
  status_code?: number;
  latency_ms: number;
  response?: string;
  error?: { code: string; message: string };
}

export interface DeliveryView {
  id: string;
  event: { id: string; type: string; position?: number };
  state: string;
  attempts: AttemptView[];
  created_at: string;
  updated_at: string;
}

const maxDispatchBatch = 500;
/** Automations one organisation, registry or workspace may hold: every one is matched against every event. */
export const maxAutomationsPerScope = 100;
const maxRetryDelayMs = 3_600_000;
const maxRotationSeconds = 7 * 86_400;
/** The automation's own secret and (during a rotation) the previous one, both sealed to its id. */
const sealContext = (id: string) => `automation:${id}`;

function scopeView(row: ScopedAutomationRow): AutomationView['scope'] {
  return row.scope_kind === null ? { kind: 'organization' } : { kind: row.scope_kind, name: row.scope_name ?? '' };
}

function whereOf(scope: AutomationScope): string {
  return scope.kind === 'org' ? 'the organisation' : `${scope.kind} ${scope.name}`;
}

/** `arca://automations/<id>`: what automation audit events and events are about. */
export function automationTarget(id: string): string {
  return `arca://automations/${id}`;
}

function attemptView(row: AttemptRow): AttemptView {
  return {
    attempt: row.attempt,
    started_at: row.started_at,
    outcome: row.outcome,
    ...(row.status_code === null ? {} : { status_code: row.status_code }),
    latency_ms: row.latency_ms,
    ...(row.response === null ? {} : { response: row.response }),
    ...(row.error_code === null ? {} : { error: { code: row.error_code, message: row.error_message ?? '' } }),
  };
}

/** A definition once checked: what is stored. */
interface CheckedSpec {
  name: string;
  description: string;
  events: string[];
  filter?: string;
  url: string;
  headers: Record<string, string>;
  payload?: unknown;
}

/** A compiled automation: what the dispatcher matches events with. */
interface Matcher {
  row: ScopedAutomationRow;
  events: string[];
  filter: EventFilter | undefined;
}

/**
 * Automations: webhooks told of the events of the organisation, a registry or a workspace. The dispatcher
 * (every replica runs one; the cursor row lets one at a time advance) matches the feed against the enabled
 * automations and queues one delivery job per match in the same transaction; delivery jobs sign and send
 * (Standard Webhooks), retry with backoff, and disable an automation that keeps failing.
 */
export class AutomationService {
  private readonly store: MetadataStore;
  private readonly jobs: JobRunner;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly secrets: SecretBox;
  private readonly policy: AddressPolicy;
  private readonly options: DeliveryOptions;
  private readonly resolve: AutomationDeps['resolve'];
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private pending = false;
  private stopListening: (() => void) | undefined;
  private readonly compiled = new Map<string, { version: string; matcher: Matcher | undefined }>();

  constructor(deps: AutomationDeps) {
    this.store = deps.store;
    this.jobs = deps.jobs;
    this.clock = deps.clock;
    this.log = deps.log;
    this.secrets = deps.secrets;
    this.policy = deps.policy;
    this.options = deps.options;
    this.resolve = deps.resolve;
    this.jobs.register(deliveryJobKind, (job, context) =>
      this.deliver((job.payload as { delivery: string }).delivery, context),
    );
  }

  // ---- the automations themselves

  async create(
    scope: AutomationScope,
    spec: AutomationSpec,
    actor: AuditActor,
  ): Promise<{ automation: AutomationView; secret: string }> {
    const scopeId = await this.scopeIdOf(scope);
    const checked = await this.check(spec);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const now = isoNow(this.clock);
    await this.store.transaction(async (trx) => {
      if ((await countAutomations(trx, scopeId ?? '')) >= maxAutomationsPerScope)
        throw automationInvalid(
          'name',
          `cannot be added: ${whereOf(scope)} holds ${maxAutomationsPerScope} automations, the most it may`,
        );
      const inserted = await insertAutomation(trx, {
        id,
        scope_id: scopeId ?? null,
        scope_key: scopeId ?? '',
        ...this.definitionColumns(id, checked),
        secret: this.secrets.seal(secret, sealContext(id)),
        previous_secret: null,
        previous_secret_expires_at: null,
        enabled: spec.enabled === false ? 0 : 1,
        disabled_reason: null,
        consecutive_failures: 0,
        // Told of what commits from now on: the feed's end as this transaction sees it.
        after_position: await lastEventPosition(trx),
        created_at: now,
        created_by: actor.name,
        updated_at: now,
        updated_by: actor.name,
      });
      if (!inserted) throw arcaError('AutomationAlreadyExists', { name: checked.name, where: whereOf(scope) });
      await auditor(actor, now).append(trx, {
        action: 'automations/create',
        target: automationTarget(id),
        outcome: 'succeeded',
        details: { name: checked.name, scope: whereOf(scope), events: checked.events, url: checked.url },
      });
    });
    return { automation: await this.viewOf(id), secret };
  }

  async get(scope: AutomationScope, name: string): Promise<AutomationView> {
    return this.view(await this.find(scope, name));
  }

  /** The automation of this name in the scope; `AutomationNotFound` when there is none. */
  private async find(scope: AutomationScope, name: string): Promise<ScopedAutomationRow> {
    const scopeKey = (await this.scopeIdOf(scope)) ?? '';
    const row = await findAutomationByName(this.store.session, scopeKey, nameKey(name));
    if (row === undefined) throw arcaError('AutomationNotFound', { name, where: whereOf(scope) }, { target: 'name' });
    return row;
  }

  private async viewOf(id: string): Promise<AutomationView> {
    const row = await findAutomation(this.store.session, id);
    if (row === undefined) throw arcaError('AutomationNotFound', { name: id, where: 'any scope' });
    return this.view(row);
  }

  /** The automations of one scope, by name. */
  async list(scope: AutomationScope): Promise<AutomationView[]> {
    const scopeId = await this.scopeIdOf(scope);
    return (await listAutomations(this.store.session, scopeId ?? '')).map((row) => this.view(row));
  }

  async update(
    scope: AutomationScope,
    name: string,
    patch: AutomationPatch,
    actor: AuditActor,
  ): Promise<AutomationView> {
    const current = await this.find(scope, name);
    const id = current.id;
    const merged: AutomationSpec = {
      name: patch.name ?? current.name,
      description: patch.description ?? current.description,
      events: patch.events ?? (JSON.parse(current.events) as string[]),
      ...compact({ filter: patch.filter === undefined ? (current.filter ?? undefined) : (patch.filter ?? undefined) }),
      webhook: {
        url: patch.webhook?.url ?? current.url,
        headers: patch.webhook?.headers ?? this.headersOf(current),
      },
      ...(patch.payload === undefined
        ? current.payload === null
          ? {}
          : { payload: JSON.parse(current.payload) as unknown }
        : patch.payload === null
          ? {}
          : { payload: patch.payload }),
    };
    // The URL is checked again only when it changed: a stored one was allowed when it was set.
    const checked = await this.check(merged, patch.webhook?.url === undefined);
    const now = isoNow(this.clock);
    await this.store.transaction(async (trx) => {
      const row = await lockAutomation(trx, id);
      if (row === undefined) throw arcaError('AutomationNotFound', { name, where: whereOf(scope) }, { target: 'name' });
      const enabling = patch.enabled === true && row.enabled === 0;
      try {
        await updateAutomation(trx, id, {
          ...this.definitionColumns(id, checked),
          ...(patch.enabled === undefined ? {} : { enabled: patch.enabled ? 1 : 0 }),
          // Enabled again by a person: the count of failures starts over.
          ...(enabling ? { disabled_reason: null, consecutive_failures: 0 } : {}),
          ...(patch.enabled === false ? { disabled_reason: `disabled by ${actor.name}` } : {}),
          updated_at: now,
          updated_by: actor.name,
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw arcaError('AutomationAlreadyExists', { name: checked.name, where: whereOfRow(row) });
        throw error;
      }
      await auditor(actor, now).append(trx, {
        action: 'automations/update',
        target: automationTarget(id),
        outcome: 'succeeded',
        details: { changed: Object.keys(patch).sort() },
      });
    });
    return this.viewOf(id);
  }

  async delete(scope: AutomationScope, name: string, actor: AuditActor): Promise<void> {
    const { id } = await this.find(scope, name);
    await this.store.transaction(async (trx) => {
      const row = await lockAutomation(trx, id);
      if (row === undefined) throw arcaError('AutomationNotFound', { name, where: whereOf(scope) }, { target: 'name' });
      await deleteAutomation(trx, id);
      await auditor(actor, isoNow(this.clock)).append(trx, {
        action: 'automations/delete',
        target: automationTarget(id),
        outcome: 'succeeded',
        details: { name: row.name, scope: whereOfRow(row) },
      });
    });
    this.compiled.delete(id);
  }

  /**
   * A new secret, shown once; deliveries carry both signatures until the previous one expires
   * (`keepPreviousSeconds`, 0 to drop it at once), so a receiver can switch without losing one.
   */
  async rotateSecret(
    scope: AutomationScope,
    name: string,
    keepPreviousSeconds: number,
    actor: AuditActor,
  ): Promise<{ secret: string; previous_expires_at?: string }> {
    if (!Number.isInteger(keepPreviousSeconds) || keepPreviousSeconds < 0 || keepPreviousSeconds > maxRotationSeconds)
      throw automationInvalid(
        'keep_previous_seconds',
        `must be a whole number of seconds from 0 to ${maxRotationSeconds} (7 days)`,
      );
    const { id } = await this.find(scope, name);
    const secret = newWebhookSecret();
    const now = this.clock.now();
    const expires =
      keepPreviousSeconds > 0 ? new Date(now.getTime() + keepPreviousSeconds * 1000).toISOString() : undefined;
    await this.store.transaction(async (trx) => {
      const row = await lockAutomation(trx, id);
      if (row === undefined) throw arcaError('AutomationNotFound', { name, where: whereOf(scope) }, { target: 'name' });
      await updateAutomation(trx, id, {
        secret: this.secrets.seal(secret, sealContext(id)),
        previous_secret: expires === undefined ? null : row.secret,
        previous_secret_expires_at: expires ?? null,
        updated_at: now.toISOString(),
        updated_by: actor.name,
      });
      await auditor(actor, now.toISOString()).append(trx, {
        action: 'automations/rotate-secret',
        target: automationTarget(id),
        outcome: 'succeeded',
        details: compact({ previousExpiresAt: expires }),
      });
    });
    return { secret, ...compact({ previous_expires_at: expires }) };
  }

  /** Sends a `dev.arca.automation.ping` now (even to a disabled automation) and answers how it went. */
  async test(scope: AutomationScope, name: string, actor: AuditActor): Promise<DeliveryView> {
    const row = await this.find(scope, name);
    const id = row.id;
    const now = isoNow(this.clock);
    const deliveryId = `msg_${randomUUID()}`;
    const ping: CloudEvent = {
      specversion: '1.0',
      id: randomUUID(),
      source:
        row.scope_kind === null ? 'arca://organization' : `arca://${scopeSegments[row.scope_kind]}/${row.scope_name}`,
      type: 'dev.arca.automation.ping',
      subject: automationTarget(id),
      time: now,
      datacontenttype: 'application/json',
      position: 0,
      data: {
        actor: { name: actor.name, ...(actor.request ? { requestId: actor.request.requestId } : {}) },
        reference: automationTarget(id),
        scope:
          row.scope_kind === null ? { kind: 'organization' } : { kind: row.scope_kind, name: row.scope_name ?? '' },
        automation: { id, name: row.name },
      },
    };
    await this.store.transaction(async (trx) => {
      await insertDelivery(trx, {
        id: deliveryId,
        automation_id: id,
        event_position: null,
        event_id: ping.id,
        event_type: ping.type,
        ping: JSON.stringify(ping),
        state: 'pending',
        attempts: 0,
        created_at: now,
        updated_at: now,
      });
      await auditor(actor, now).append(trx, {
        action: 'automations/test',
        target: automationTarget(id),
        outcome: 'succeeded',
        details: { delivery: deliveryId },
      });
    });
    const delivery = await findDelivery(this.store.session, deliveryId);
    if (delivery === undefined) throw arcaError('AutomationDeliveryNotFound', { automation: name, id: deliveryId });
    await this.attempt(row, delivery, ping, { ping: true });
    return this.deliveryView(deliveryId);
  }

  /** A page of an automation's deliveries, newest first, each with its attempts. */
  async deliveries(
    scope: AutomationScope,
    name: string,
    query: { state?: string; before?: { createdAt: string; id: string }; limit: number },
  ): Promise<DeliveryView[]> {
    const { id } = await this.find(scope, name);
    const rows = await listDeliveries(this.store.session, { automationId: id, ...query });
    return this.deliveryViews(rows);
  }

  /** Sends a delivery again (same `webhook-id`), whatever its state; answers it queued. */
  async redeliver(scope: AutomationScope, name: string, deliveryId: string, actor: AuditActor): Promise<DeliveryView> {
    const { id } = await this.find(scope, name);
    await this.store.transaction(async (trx) => {
      const delivery = await findDelivery(trx, deliveryId);
      if (delivery === undefined || delivery.automation_id !== id)
        throw arcaError('AutomationDeliveryNotFound', { automation: name, id: deliveryId }, { target: 'delivery' });
      const now = isoNow(this.clock);
      await setDeliveryState(trx, deliveryId, 'pending', now);
      await this.enqueueDelivery(trx, deliveryId);
      await auditor(actor, now).append(trx, {
        action: 'automations/redeliver',
        target: automationTarget(id),
        outcome: 'succeeded',
        details: { delivery: deliveryId, event: delivery.event_id },
      });
    });
    return this.deliveryView(deliveryId);
  }

  /** Forgets deliveries that ended more than `days` ago (a bounded batch; housekeeping calls it again). */
  async removeEndedDeliveries(days: number): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - days * 86_400_000).toISOString();
    return removeEndedDeliveries(this.store.session, cutoff, 1_000);
  }

  // ---- the dispatcher

  /** Starts this replica's dispatcher (woken by this process's commits, polling for other replicas') and delivery workers. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopListening = onEventsCommitted(() => this.wake());
    this.loop = this.dispatchLoop();
    this.jobs.start();
  }

  async close(): Promise<void> {
    this.running = false;
    this.stopListening?.();
    this.wake();
    await this.loop;
    await this.jobs.close();
  }

  private wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  private async dispatchLoop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.pending = false;
      let more = false;
      try {
        more = (await this.dispatchOnce()).more;
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1) this.log.error({ err: error }, 'automation dispatcher failed; retrying with backoff');
      }
      if (!this.running) break;
      if (more || this.pending) continue;
      const wait =
        failures > 0 ? Math.min(10_000, this.options.pollMs * 2 ** Math.min(failures, 6)) : this.options.pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        timer.unref();
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /**
   * Matches the next events of the feed against the enabled automations and queues a delivery per match,
   * advancing the shared cursor in the same transaction: an event is matched once, whichever replica does
   * it, and never skipped (events commit in position order). `more` when a full batch was taken.
   */
  async dispatchOnce(): Promise<{ deliveries: number; more: boolean }> {
    return this.store.transaction(async (trx) => {
      const cursor = await claimDispatchCursor(trx);
      if (cursor === undefined) return { deliveries: 0, more: false };
      const events = await listEvents(trx, {
        visible: { registry: 'all', workspace: 'all' },
        after: cursor,
        limit: maxDispatchBatch,
      });
      const last = events.at(-1);
      if (last === undefined) return { deliveries: 0, more: false };
      const matchers = this.matchers(await enabledAutomations(trx));
      const now = isoNow(this.clock);
      let deliveries = 0;
      for (const event of events) {
        for (const matcher of matchers) {
          if (!this.matches(matcher, event)) continue;
          const id = `msg_${randomUUID()}`;
          const inserted = await insertDelivery(trx, {
            id,
            automation_id: matcher.row.id,
            event_position: event.position,
            event_id: event.id,
            event_type: event.type,
            ping: null,
            state: 'pending',
            attempts: 0,
            created_at: now,
            updated_at: now,
          });
          if (!inserted) continue;
          await this.enqueueDelivery(trx, id);
          deliveries++;
        }
      }
      await advanceDispatchCursor(trx, last.position);
      return { deliveries, more: events.length === maxDispatchBatch };
    });
  }

  /**
   * The automations compiled (cached while unchanged). One whose stored filter no longer compiles (a later
   * release refusing a pattern it took) is left out and logged once: it must not stop every other delivery.
   */
  private matchers(rows: ScopedAutomationRow[]): Matcher[] {
    return rows.flatMap((row) => {
      const version = `${row.updated_at}|${row.filter ?? ''}|${row.events}`;
      const cached = this.compiled.get(row.id);
      if (cached !== undefined && cached.version === version)
        return cached.matcher === undefined ? [] : [{ ...cached.matcher, row }];
      let matcher: Matcher | undefined;
      try {
        matcher = {
          row,
          events: JSON.parse(row.events) as string[],
          filter: row.filter === null ? undefined : compileEventFilter(row.filter),
        };
      } catch (error) {
        this.log.error(
          { automation: row.id, name: row.name, err: error },
          'an automation cannot be matched (its filter does not compile); it hears nothing until it is changed',
        );
      }
      this.compiled.set(row.id, { version, matcher });
      return matcher === undefined ? [] : [matcher];
    });
  }

  private matches({ row, events, filter }: Matcher, event: CloudEvent): boolean {
    if (event.position <= row.after_position) return false;
    // Of the automation's own scope (the organisation's hears every scope's).
    if (row.scope_kind !== null) {
      const scope = event.data.scope;
      if (scope.kind !== row.scope_kind || !('name' in scope) || nameKey(scope.name) !== nameKey(row.scope_name ?? ''))
        return false;
    }
    if (!events.some((pattern) => eventPatternMatches(pattern, event.type))) return false;
    return filter === undefined || filter.matches(eventFactsOf(event));
  }

  private async enqueueDelivery(trx: Tx, deliveryId: string): Promise<void> {
    await this.jobs.enqueue(trx, {
      kind: deliveryJobKind,
      payload: { delivery: deliveryId },
      dedupeKey: `webhook:${deliveryId}`,
      // The retry window (`retryForSeconds`) ends a delivery, not a count of attempts.
      maxAttempts: 100_000,
    });
  }

  // ---- deliveries

  /** The delivery job: one attempt; a retryable failure throws with its delay, a final one throws final. */
  private async deliver(deliveryId: string, context: JobContext): Promise<unknown> {
    const delivery = await findDelivery(this.store.session, deliveryId);
    if (delivery === undefined) return { skipped: 'the delivery is gone (its automation was deleted)' };
    const row = await findAutomation(this.store.session, delivery.automation_id);
    if (row === undefined) return { skipped: 'the automation was deleted' };
    if (row.enabled === 0) {
      await this.store.transaction((trx) => setDeliveryState(trx, deliveryId, 'skipped', isoNow(this.clock)));
      return { skipped: 'the automation is disabled' };
    }
    const event =
      delivery.ping !== null
        ? (JSON.parse(delivery.ping) as CloudEvent)
        : await eventAt(this.store.session, delivery.event_position ?? 0);
    if (event === undefined) {
      await this.store.transaction((trx) => setDeliveryState(trx, deliveryId, 'failed', isoNow(this.clock)));
      throw finalFailure(
        arcaError('WebhookDeliveryFailed', {
          id: deliveryId,
          url: row.url,
          reason: 'its event is no longer in the feed',
        }),
      );
    }
    const outcome = await this.attempt(row, delivery, event, { ping: false, signal: context.signal });
    if (outcome.kind === 'delivered') return { delivered: outcome.status, attempt: outcome.attempt };
    const error = arcaError('WebhookDeliveryFailed', {
      id: deliveryId,
      url: row.url,
      reason: outcome.error?.message ?? `the receiver answered ${outcome.status ?? 'nothing'}`,
    });
    if (outcome.state === 'pending') throw retryIn(error, outcome.delayMs);
    throw finalFailure(error);
  }

  /**
   * One attempt: renders and signs the body, sends it through the SSRF guard, and records the attempt, the
   * delivery's state and the automation's failure count in one transaction. A delivery that fails for good
   * counts toward disabling the automation (a test ping does not).
   */
  private async attempt(
    row: ScopedAutomationRow,
    delivery: DeliveryRow,
    event: CloudEvent,
    how: { ping: boolean; signal?: AbortSignal },
  ): Promise<WebhookOutcome & { state: string; delayMs: number; attempt: number }> {
    const startedAt = this.clock.now();
    let outcome: WebhookOutcome;
    try {
      const { body, contentType } = this.render(row, event);
      outcome = await sendWebhook(
        {
          url: row.url,
          id: delivery.id,
          timestampSeconds: Math.floor(startedAt.getTime() / 1000),
          body,
          contentType,
          headers: this.headersOf(row),
          secrets: this.secretsOf(row, startedAt),
        },
        {
          connectTimeoutMs: this.options.connectTimeoutMs,
          totalTimeoutMs: this.options.totalTimeoutMs,
          maxResponseBytes: this.options.maxResponseBytes,
          policy: this.policy,
          ...compact({ resolve: this.resolve, signal: how.signal }),
        },
      );
    } catch (error) {
      // Rendering or unsealing failed (a changed server key): nothing was sent, and retrying will not help.
      outcome = {
        kind: 'failed',
        latencyMs: 0,
        error: isArcaError(error)
          ? { code: error.code, message: error.message }
          : { code: 'InternalError', message: error instanceof Error ? error.message : String(error) },
      };
    }
    const ageMs = startedAt.getTime() - Date.parse(delivery.created_at);
    const delayMs =
      outcome.retryAfterMs ??
      jittered(Math.min(maxRetryDelayMs, this.options.retryBaseSeconds * 1000 * 2 ** Math.min(20, delivery.attempts)));
    const state =
      outcome.kind === 'delivered'
        ? 'delivered'
        : outcome.kind === 'retry' && !how.ping && ageMs + delayMs <= this.options.retryForSeconds * 1000
          ? 'pending'
          : 'failed';
    const attempt = await this.store.transaction(async (trx) => {
      const number = await recordAttempt(
        trx,
        {
          delivery_id: delivery.id,
          started_at: startedAt.toISOString(),
          // `retry` only when another attempt follows: a ping, or one past the retry window, failed.
          outcome: state === 'pending' ? 'retry' : state,
          status_code: outcome.status ?? null,
          latency_ms: Math.round(outcome.latencyMs),
          response: outcome.response ?? null,
          error_code: outcome.error?.code ?? null,
          error_message: outcome.error?.message ?? null,
        },
        state,
      );
      // A success when `row` (read as the delivery began) counted no failures changes nothing: no lock of the
      // automation row, which on PostgreSQL made the deliveries of one automation commit one at a time. A
      // failure counted since that read is then ordered after this success, as it may be.
      const changesNothing = state === 'delivered' && row.consecutive_failures === 0;
      if (!how.ping && !changesNothing) await this.countOutcome(trx, row.id, state, outcome);
      return number;
    });
    if (state !== 'delivered')
      this.log.info(
        { automation: row.id, delivery: delivery.id, attempt, status: outcome.status, error: outcome.error, state },
        'webhook delivery attempt failed',
      );
    return { ...outcome, state, delayMs, attempt };
  }

  /** A delivered one resets the count of failures in a row; a failed one adds one, and the Nth disables. */
  private async countOutcome(trx: Tx, id: string, state: string, outcome: WebhookOutcome): Promise<void> {
    if (state === 'pending') return;
    const row = await lockAutomation(trx, id);
    if (row === undefined) return;
    if (state === 'delivered') {
      if (row.consecutive_failures > 0) await updateAutomation(trx, id, { consecutive_failures: 0 });
      return;
    }
    const failures = row.consecutive_failures + 1;
    const disable = row.enabled === 1 && failures >= this.options.disableAfterFailures;
    const now = isoNow(this.clock);
    const lastError = outcome.error ?? {
      code: 'WebhookDeliveryFailed',
      message: `the receiver answered ${outcome.status ?? 'nothing'}`,
    };
    await updateAutomation(trx, id, {
      consecutive_failures: failures,
      ...(disable
        ? {
            enabled: 0,
            disabled_reason: `${failures} deliveries in a row failed; the last: ${lastError.message}`,
            updated_at: now,
            updated_by: systemPrincipal,
          }
        : {}),
    });
    if (!disable) return;
    await auditor({ name: systemPrincipal }, now).append(trx, {
      action: 'automations/disable',
      target: automationTarget(id),
      outcome: 'succeeded',
      details: { failures, lastError },
    });
    await appendEvent(trx, {
      id: randomUUID(),
      type: 'dev.arca.automation.disabled',
      source:
        row.scope_kind === null ? 'arca://organization' : `arca://${scopeSegments[row.scope_kind]}/${row.scope_name}`,
      subject: automationTarget(id),
      time: now,
      scope:
        row.scope_id === null
          ? { id: '', kind: 'organization' }
          : { id: row.scope_id, kind: row.scope_kind ?? 'registry' },
      data: {
        actor: { name: systemPrincipal },
        reference: automationTarget(id),
        scope:
          row.scope_kind === null ? { kind: 'organization' } : { kind: row.scope_kind, name: row.scope_name ?? '' },
        automation: { id, name: row.name },
        failures,
        lastError,
      },
    });
  }

  private render(row: ScopedAutomationRow, event: CloudEvent): { body: string; contentType: string } {
    if (row.payload === null) return { body: JSON.stringify(event), contentType: 'application/cloudevents+json' };
    const template = compilePayloadTemplate(JSON.parse(row.payload) as unknown);
    return { body: JSON.stringify(template.render(event)), contentType: 'application/json' };
  }

  /** The columns an automation's definition is stored in: JSON text, the headers sealed to the automation. */
  private definitionColumns(id: string, checked: CheckedSpec) {
    return {
      name: checked.name,
      name_key: nameKey(checked.name),
      description: checked.description,
      events: JSON.stringify(checked.events),
      filter: checked.filter ?? null,
      url: checked.url,
      headers: this.secrets.seal(JSON.stringify(checked.headers), sealContext(id)),
      payload: checked.payload === undefined ? null : JSON.stringify(checked.payload),
    };
  }

  private secretsOf(row: ScopedAutomationRow, now: Date): string[] {
    const current = this.secrets.open(row.secret, sealContext(row.id));
    const previous =
      row.previous_secret !== null &&
      row.previous_secret_expires_at !== null &&
      Date.parse(row.previous_secret_expires_at) > now.getTime()
        ? [this.secrets.open(row.previous_secret, sealContext(row.id))]
        : [];
    return [current, ...previous];
  }

  private headersOf(row: ScopedAutomationRow): Record<string, string> {
    return JSON.parse(this.secrets.open(row.headers, sealContext(row.id))) as Record<string, string>;
  }

  // ---- checks and views

  private async check(spec: AutomationSpec, urlChecked = false): Promise<CheckedSpec> {
    const name = checkAutomationName(spec.name);
    const description = spec.description ?? '';
    if (description.length > maxDescriptionLength)
      throw automationInvalid('description', `may be at most ${maxDescriptionLength} characters`);
    const events = checkEventPatterns(spec.events);
    const filter = spec.filter === undefined || spec.filter.trim() === '' ? undefined : spec.filter;
    if (filter !== undefined) compileEventFilter(filter);
    const headers = spec.webhook.headers ?? {};
    validateWebhookHeaders(headers);
    if (spec.payload !== undefined) compilePayloadTemplate(spec.payload);
    if (!urlChecked)
      await checkWebhookUrl(spec.webhook.url, this.policy, this.resolve).catch((error: unknown) => {
        // Named at the field it is about, as the other checks of an automation are.
        throw isArcaError(error) ? atTarget(error, 'webhook.url') : error;
      });
    return {
      name,
      description,
      events,
      url: spec.webhook.url,
      headers,
      ...compact({ filter }),
      ...(spec.payload === undefined ? {} : { payload: spec.payload }),
    };
  }

  private async scopeIdOf(scope: AutomationScope): Promise<string | undefined> {
    if (scope.kind === 'org') return undefined;
    const id = await scopeIdOf(this.store.session, scope.kind, nameKey(scope.name));
    if (id === undefined)
      throw arcaError(scope.kind === 'registry' ? 'RegistryNotFound' : 'WorkspaceNotFound', { name: scope.name });
    return id;
  }

  private view(row: ScopedAutomationRow): AutomationView {
    const rotating =
      row.previous_secret_expires_at !== null &&
      Date.parse(row.previous_secret_expires_at) > this.clock.now().getTime();
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      scope: scopeView(row),
      events: JSON.parse(row.events) as string[],
      ...(row.filter === null ? {} : { filter: row.filter }),
      webhook: { url: row.url, headers: Object.keys(this.headersOf(row)).sort() },
      ...(row.payload === null ? {} : { payload: JSON.parse(row.payload) as unknown }),
      enabled: row.enabled === 1,
      ...(row.disabled_reason === null ? {} : { disabled_reason: row.disabled_reason }),
      consecutive_failures: row.consecutive_failures,
      ...(rotating && row.previous_secret_expires_at !== null
        ? { secret_rotation: { previous_expires_at: row.previous_secret_expires_at } }
        : {}),
      created_at: row.created_at,
      created_by: row.created_by,
      updated_at: row.updated_at,
      updated_by: row.updated_by,
    };
  }

  private async deliveryView(id: string): Promise<DeliveryView> {
    const row = await findDelivery(this.store.session, id);
    if (row === undefined) throw arcaError('AutomationDeliveryNotFound', { automation: '?', id });
    const [view] = await this.deliveryViews([row]);
    return view as DeliveryView;
  }

  private async deliveryViews(rows: DeliveryRow[]): Promise<DeliveryView[]> {
    const attempts = await attemptsOf(
      this.store.session,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({
      id: row.id,
      event: {
        id: row.event_id,
        type: row.event_type,
        ...(row.event_position === null ? {} : { position: row.event_position }),
      },
      state: row.state,
      attempts: attempts.filter((a) => a.delivery_id === row.id).map(attemptView),
      created_at: row.created_at,
      updated_at: row.updated_at,
    }));
  }
}

function whereOfRow(row: ScopedAutomationRow): string {
  return row.scope_kind === null ? 'the organisation' : `${row.scope_kind} ${row.scope_name}`;
}

/** Full jitter in the upper half: between half and all of `ms`, so retries of many deliveries spread out. */
function jittered(ms: number): number {
  return Math.round(ms / 2 + Math.random() * (ms / 2));
}
