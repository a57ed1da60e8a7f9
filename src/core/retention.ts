import { assetTypeSegments, type AssetType, type AssetTypeSegment } from './asset-types.js';
import { arcaError } from './errors.js';

/** What a rule does to a version outside its bounds. */
export const retentionActions = ['archive', 'delete'] as const;
export type RetentionAction = (typeof retentionActions)[number];

/** One rule as a client writes it (the JSON form of a `retention.yml` entry). */
export interface RetentionRuleSpec {
  asset_type: AssetTypeSegment;
  /** A glob over asset names (`*` any run of characters, `?` one); `*` when absent. */
  name?: string;
  keep_last?: number;
  keep_days?: number;
  action: RetentionAction;
}

/** The image rule as a client writes it: untagged manifests older than D days go (as ACR's retention does). */
export interface UntaggedManifestsRuleSpec {
  older_than_days: number;
  /** A glob over the scope's OCI repositories, `<type>/<name>` (`environments/*`); `*` when absent. */
  repository?: string;
}

/** The body of `PUT …/retention`: the JSON form of `retention.yml`. */
export interface RetentionPolicySpec {
  $schema?: string;
  /** How often the policy runs by itself (`30m`, `24h`, `7d`); absent: only when someone runs it. */
  interval?: string;
  /** Version rules; absent or empty when the policy holds only the image rule. */
  rules?: RetentionRuleSpec[];
  untagged_manifests?: UntaggedManifestsRuleSpec;
}

/** A validated rule. */
export interface RetentionRule {
  assetType: AssetType;
  name: string;
  keepLast?: number;
  keepDays?: number;
  action: RetentionAction;
}

/** The validated image rule. */
export interface UntaggedManifestsRule {
  olderThanDays: number;
  repository: string;
}

/** A validated policy. */
export interface RetentionPolicy {
  intervalSeconds?: number;
  rules: RetentionRule[];
  untaggedManifests?: UntaggedManifestsRule;
}

/** Bounds: generous for real use, small enough that a typo (an extra zero or ten) is caught. */
export const maxKeepLast = 10_000;
export const maxKeepDays = 36_500;
export const maxRetentionRules = 50;
const minIntervalSeconds = 5 * 60;
const maxIntervalSeconds = 366 * 86_400;
const globPattern = /^[A-Za-z0-9._*?-]{1,128}$/;
/** A repository glob: `<type>/<name>` with wildcards, so it may hold a slash. */
const repositoryGlobPattern = /^[A-Za-z0-9._*?/-]{1,160}$/;
const intervalPattern = /^([1-9][0-9]{0,5})(m|h|d)$/;
const unitSeconds = { m: 60, h: 3_600, d: 86_400 } as const;

function invalid(target: string, problem: string) {
  return arcaError('RetentionPolicyInvalid', { target, problem }, { target });
}

/** `24h` → 86400; throws `RetentionPolicyInvalid` for anything else than minutes, hours or days in range. */
export function parseRetentionInterval(text: string): number {
  const match = intervalPattern.exec(text);
  const seconds = match ? Number(match[1]) * unitSeconds[match[2] as keyof typeof unitSeconds] : Number.NaN;
  if (!(seconds >= minIntervalSeconds && seconds <= maxIntervalSeconds))
    throw invalid(
      'interval',
      `must be a whole number of minutes, hours or days (m, h, d) from 5m to 366d, got ${JSON.stringify(text)}`,
    );
  return seconds;
}

/** Checks a policy against Arca's rules (the schema checked its shape) and returns it normalised. */
export function defineRetentionPolicy(spec: RetentionPolicySpec): RetentionPolicy {
  const specRules = spec.rules ?? [];
  if (specRules.length === 0 && spec.untagged_manifests === undefined)
    throw invalid('rules', 'must hold at least one rule, or the policy an untagged_manifests rule');
  if (specRules.length > maxRetentionRules) throw invalid('rules', `may hold at most ${maxRetentionRules} rules`);
  const rules = specRules.map((rule, index) => defineRule(rule, `rules[${index}]`));
  return {
    ...(spec.interval === undefined ? {} : { intervalSeconds: parseRetentionInterval(spec.interval) }),
    rules,
    ...(spec.untagged_manifests === undefined
      ? {}
      : { untaggedManifests: defineUntaggedManifestsRule(spec.untagged_manifests) }),
  };
}

function defineUntaggedManifestsRule(rule: UntaggedManifestsRuleSpec): UntaggedManifestsRule {
  const days = rule.older_than_days;
  // At least a day: a manifest pushed by digest a moment ago is usually one an index or tag is about to name.
  if (!(Number.isInteger(days) && days >= 1 && days <= maxKeepDays))
    throw invalid(
      'untagged_manifests.older_than_days',
      `must be a whole number from 1 to ${maxKeepDays}, got ${JSON.stringify(days)}`,
    );
  const repository = rule.repository ?? '*';
  if (!repositoryGlobPattern.test(repository))
    throw invalid(
      'untagged_manifests.repository',
      `must be a repository pattern (<type>/<name>) of letters, digits, ., _, -, / and the wildcards * and ?, got ${JSON.stringify(repository)}`,
    );
  return { olderThanDays: days, repository };
}

function defineRule(rule: RetentionRuleSpec, at: string): RetentionRule {
  const assetType = (Object.keys(assetTypeSegments) as AssetType[]).find(
    (t) => assetTypeSegments[t] === rule.asset_type,
  );
  if (assetType === undefined)
    throw invalid(
      `${at}.asset_type`,
      `must be one of models, data, environments, components, got ${JSON.stringify(rule.asset_type)}`,
    );
  if (!(retentionActions as readonly string[]).includes(rule.action))
    throw invalid(`${at}.action`, `must be archive or delete, got ${JSON.stringify(rule.action)}`);
  const name = rule.name ?? '*';
  if (!globPattern.test(name))
    throw invalid(
      `${at}.name`,
      `must be a name pattern of letters, digits, ., _, - and the wildcards * and ?, got ${JSON.stringify(name)}`,
    );
  if (rule.keep_last === undefined && rule.keep_days === undefined)
    throw invalid(at, 'needs keep_last, keep_days or both');
  if (
    rule.keep_last !== undefined &&
    !(Number.isInteger(rule.keep_last) && rule.keep_last >= 1 && rule.keep_last <= maxKeepLast)
  )
    throw invalid(`${at}.keep_last`, `must be a whole number from 1 to ${maxKeepLast}, got ${rule.keep_last}`);
  if (
    rule.keep_days !== undefined &&
    !(Number.isInteger(rule.keep_days) && rule.keep_days >= 0 && rule.keep_days <= maxKeepDays)
  )
    throw invalid(`${at}.keep_days`, `must be a whole number from 0 to ${maxKeepDays}, got ${rule.keep_days}`);
  return {
    assetType,
    name,
    action: rule.action,
    ...(rule.keep_last === undefined ? {} : { keepLast: rule.keep_last }),
    ...(rule.keep_days === undefined ? {} : { keepDays: rule.keep_days }),
  };
}

/** The JSON form of a validated policy (what `GET …/retention` shows and `PUT` takes again). */
export function retentionPolicySpec(policy: RetentionPolicy): RetentionPolicySpec & { rules: RetentionRuleSpec[] } {
  return {
    ...(policy.intervalSeconds === undefined ? {} : { interval: intervalText(policy.intervalSeconds) }),
    rules: policy.rules.map((rule) => ({
      asset_type: assetTypeSegments[rule.assetType],
      name: rule.name,
      ...(rule.keepLast === undefined ? {} : { keep_last: rule.keepLast }),
      ...(rule.keepDays === undefined ? {} : { keep_days: rule.keepDays }),
      action: rule.action,
    })),
    ...(policy.untaggedManifests === undefined
      ? {}
      : {
          untagged_manifests: {
            older_than_days: policy.untaggedManifests.olderThanDays,
            repository: policy.untaggedManifests.repository,
          },
        }),
  };
}

function intervalText(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600}h`;
  return `${seconds / 60}m`;
}

/**
 * True when an asset name (or a repository, `<type>/<name>`) matches a rule's glob: `*` any run of
 * characters, slashes included; case-insensitive, as asset names are unique case-insensitively.
 */
export function globMatches(glob: string, name: string): boolean {
  const source = glob.replace(/[.]/g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(name);
}

/** Why a version is kept whatever the rule says (see `RetentionFacts`). */
export type ProtectionReason =
  | { reason: 'alias'; alias: string }
  | { reason: 'pending approval'; alias: string }
  | { reason: 'lineage input'; of: string }
  | { reason: 'shared into'; into: string }
  | { reason: 'newest ready' }
  | { reason: 'pending' };

/** Why a version is kept by the rule's own bounds. */
export type RuleReason =
  { reason: 'within keep_last'; keep_last: number } | { reason: 'within keep_days'; keep_days: number };

export type KeptReason = ProtectionReason | RuleReason | { reason: 'no rule matches' } | { reason: 'already archived' };

/** One version of an asset as the evaluation sees it, with what protects it. */
export interface RetentionFacts {
  versionId: string;
  label: string;
  state: 'pending' | 'ready' | 'archived';
  /** When it became ready (created, for a pending one). */
  readyAt: string;
  /** What holds on to it from outside the asset (aliases, approvals, lineage, shares); `decideVersions` adds the rest. */
  protections: ProtectionReason[];
}

/** What a run does (or would do) to one version. */
export interface RetentionVerdict {
  versionId: string;
  label: string;
  state: RetentionFacts['state'];
  verdict: 'archive' | 'delete' | 'kept';
  reasons: KeptReason[];
  /** The index of the rule that decided (absent when no rule matches the asset). */
  rule?: number;
}

/**
 * Decides each version of one asset. The first rule whose type and name match the asset decides.
 * A version is removed only when it is outside every bound the rule gives (not among the newest
 * `keep_last` ready versions, and older than `keep_days`) and nothing protects it; an
 * archived version is never archived again, but a delete rule may delete it.
 */
export function decideVersions(
  policy: RetentionPolicy,
  asset: { type: AssetType; name: string },
  versions: readonly RetentionFacts[],
  now: Date,
): RetentionVerdict[] {
  const ruleIndex = policy.rules.findIndex((r) => r.assetType === asset.type && globMatches(r.name, asset.name));
  const rule = policy.rules[ruleIndex];
  // Newest first: keep_last counts ready versions only (archived ones are already out of use).
  const ordered = [...versions].sort((a, b) => (a.readyAt < b.readyAt ? 1 : a.readyAt > b.readyAt ? -1 : 0));
  let rank = 0;
  return ordered.map((facts) => {
    const base = { versionId: facts.versionId, label: facts.label, state: facts.state };
    if (rule === undefined)
      return { ...base, verdict: 'kept' as const, reasons: [{ reason: 'no rule matches' as const }] };
    const reasons: KeptReason[] = [...facts.protections];
    if (facts.state === 'pending') reasons.push({ reason: 'pending' });
    else {
      if (facts.state === 'ready' && ++rank === 1) reasons.push({ reason: 'newest ready' });
      if (rule.keepLast !== undefined && facts.state === 'ready' && rank <= rule.keepLast)
        reasons.push({ reason: 'within keep_last', keep_last: rule.keepLast });
      const ageDays = (now.getTime() - Date.parse(facts.readyAt)) / 86_400_000;
      if (rule.keepDays !== undefined && ageDays < rule.keepDays)
        reasons.push({ reason: 'within keep_days', keep_days: rule.keepDays });
    }
    if (rule.action === 'archive' && facts.state === 'archived') reasons.push({ reason: 'already archived' });
    if (reasons.length > 0) return { ...base, verdict: 'kept' as const, reasons, rule: ruleIndex };
    return { ...base, verdict: rule.action, reasons, rule: ruleIndex };
  });
}
