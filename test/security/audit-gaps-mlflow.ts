import { strict as assert } from 'node:assert';
import type { TestServer } from '../../src/testing/server.js';

/** What an MLflow probe needs of audit-gaps' world. */
interface ProbeWorld {
  server: TestServer;
  fresh(prefix: string): string;
}
type Probe = { path: string; body?: unknown };

/**
 * The MLflow model registry's state changes for audit-gaps.ts: each a succeeding request under both scope
 * kinds' tracking URIs. Every one goes through the asset or alias service, which audits it.
 */
export function mlflowProbes(
  add: (key: string, probe: (w: ProbeWorld) => Promise<Probe>) => void,
  exempt: (key: string, why: string) => void,
): void {
  for (const [family, scope] of [
    ['registries', 'reg1'],
    ['workspaces', 'ws1'],
  ] as const) {
    const key = (method: string, path: string) => `${method} /mlflow/${family}/:scope/api/2.0/mlflow/${path}`;
    const at = (path: string) => `/mlflow/${family}/${scope}/api/2.0/mlflow/${path}`;
    const call = async (w: ProbeWorld, path: string, body: unknown) => {
      const res = await w.server.api('POST', at(path), body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    /** A registered model with a tag `k` and (with `version`) version 1, aliased `a`. */
    const model = async (w: ProbeWorld, version = false) => {
      const name = w.fresh('mlflow');
      await call(w, 'registered-models/create', { name, tags: [{ key: 'k', value: 'v' }] });
      if (version) {
        await call(w, 'model-versions/create', { name, source: 's3://elsewhere/model' });
        await call(w, 'model-versions/set-tag', { name, version: '1', key: 'k', value: 'v' });
        await call(w, 'registered-models/alias', { name, alias: 'a', version: '1' });
      }
      return name;
    };
    const registry = 'registered-models';
    const versions = 'model-versions';
    add(key('POST', `${registry}/create`), async (w) => ({
      path: at(`${registry}/create`),
      body: { name: w.fresh('mlflow') },
    }));
    add(key('PATCH', `${registry}/update`), async (w) => ({
      path: at(`${registry}/update`),
      body: { name: await model(w), description: 'changed' },
    }));
    add(key('POST', `${registry}/rename`), async (w) => ({
      path: at(`${registry}/rename`),
      body: { name: await model(w, true), new_name: w.fresh('renamed') },
    }));
    add(key('DELETE', `${registry}/delete`), async (w) => ({
      path: at(`${registry}/delete`),
      body: { name: await model(w, true) },
    }));
    add(key('POST', `${registry}/set-tag`), async (w) => ({
      path: at(`${registry}/set-tag`),
      body: { name: await model(w), key: 'k', value: 'w' },
    }));
    add(key('DELETE', `${registry}/delete-tag`), async (w) => ({
      path: at(`${registry}/delete-tag`),
      body: { name: await model(w), key: 'k' },
    }));
    add(key('POST', `${registry}/alias`), async (w) => ({
      path: at(`${registry}/alias`),
      body: { name: await model(w, true), alias: 'b', version: '1' },
    }));
    add(key('DELETE', `${registry}/alias`), async (w) => ({
      path: at(`${registry}/alias`),
      body: { name: await model(w, true), alias: 'a' },
    }));
    exempt(key('POST', `${registry}/get-latest-versions`), 'reads the newest version of each stage: changes nothing');
    add(key('POST', `${versions}/create`), async (w) => ({
      path: at(`${versions}/create`),
      body: { name: await model(w), source: 's3://elsewhere/model' },
    }));
    add(key('PATCH', `${versions}/update`), async (w) => ({
      path: at(`${versions}/update`),
      body: { name: await model(w, true), version: '1', description: 'changed' },
    }));
    add(key('DELETE', `${versions}/delete`), async (w) => ({
      path: at(`${versions}/delete`),
      body: { name: await model(w, true), version: '1' },
    }));
    add(key('POST', `${versions}/set-tag`), async (w) => ({
      path: at(`${versions}/set-tag`),
      body: { name: await model(w, true), version: '1', key: 'k', value: 'w' },
    }));
    add(key('DELETE', `${versions}/delete-tag`), async (w) => ({
      path: at(`${versions}/delete-tag`),
      body: { name: await model(w, true), version: '1', key: 'k' },
    }));
    add(key('POST', `${versions}/transition-stage`), async (w) => ({
      path: at(`${versions}/transition-stage`),
      body: { name: await model(w, true), version: '1', stage: 'Staging' },
    }));
  }
}
