import type { Client } from 'openapi-fetch';
import { apiErrorFrom } from './errors.js';
import type { Job } from './job-client.js';
import type { operations, paths } from './openapi-types.js';

/** A retention policy as `retention.yml` holds it (the JSON form). */
export type RetentionPolicySpec = operations['setRegistryRetention']['requestBody']['content']['application/json'];
/** A stored policy, with who set it and when. */
export type RetentionPolicy = operations['getRegistryRetention']['responses'][200]['content']['application/json'];
/** What a run did (or, dry, would do) to each version, and why each kept one is kept. */
export type RetentionReport = operations['runRegistryRetention']['responses'][200]['content']['application/json'];

/** The registry or workspace a policy belongs to. */
export interface RetentionScope {
  kind: 'registry' | 'workspace';
  name: string;
}

/** Retention policies of registries and workspaces, and their runs. */
export interface RetentionClient {
  get(scope: RetentionScope): Promise<RetentionPolicy>;
  /** Sets (replaces) the policy; needs `<family>/write`. */
  set(scope: RetentionScope, spec: RetentionPolicySpec): Promise<RetentionPolicy>;
  remove(scope: RetentionScope): Promise<void>;
  /** Runs the policy now; `dryRun` only reports (a real run needs `<family>/assets/delete`). */
  run(scope: RetentionScope, options?: { dryRun?: boolean }): Promise<RetentionReport>;
  /** Queues a real run as a job and returns it at once; the job's `result` is the report when it has finished. */
  runInBackground(scope: RetentionScope): Promise<Job>;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Builds the retention client over the typed HTTP client. */
export function createRetentionClient(http: Client<paths>, server: string): RetentionClient {
  const unwrap = <T>(result: Result<T>): T => {
    if (!result.response.ok) throw apiErrorFrom(server, result.response, result.error);
    return result.data as T;
  };
  // Both families share one shape; the registry's paths stand for both in the types.
  const policyPath = (s: RetentionScope) =>
    `/api/v1/${s.kind === 'registry' ? 'registries' : 'workspaces'}/{scope}/retention` as '/api/v1/registries/{scope}/retention';
  const runPath = (s: RetentionScope) =>
    `/api/v1/${s.kind === 'registry' ? 'registries' : 'workspaces'}/{scope}/retention/run` as '/api/v1/registries/{scope}/retention/run';
  const params = (s: RetentionScope) => ({ params: { path: { scope: s.name } } });
  return {
    get: async (scope) => unwrap(await http.GET(policyPath(scope), params(scope))),
    set: async (scope, spec) => unwrap(await http.PUT(policyPath(scope), { ...params(scope), body: spec })),
    async remove(scope) {
      unwrap(await http.DELETE(policyPath(scope), params(scope)));
    },
    run: async (scope, { dryRun } = {}) =>
      unwrap(
        await http.POST(runPath(scope), { ...params(scope), body: { dry_run: dryRun === true } }),
      ) as RetentionReport,
    runInBackground: async (scope) =>
      unwrap(await http.POST(runPath(scope), { ...params(scope), body: { background: true } })) as unknown as Job,
  };
}
