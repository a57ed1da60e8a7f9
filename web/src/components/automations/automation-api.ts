// The automation calls of one registry or workspace, through the typed client (the registry's paths name the types;
// the workspace's are the same operations).
import { api, dataOf, doneOf, type ScopeFamily } from '../../api';
import type { Automation, createBodyOf, Delivery, patchBodyOf } from './automation-form';

const base = '/api/v1/registries/{scope}/automations';
const item = '/api/v1/registries/{scope}/automations/{name}';

/** The calls of `/api/v1/{family}/{scope}/automations` and its items. */
export function automationCalls(family: ScopeFamily, scope: string) {
  const at = <P extends string>(path: P) => path.replace('/registries/', `/${family}/`) as P;
  const itemParams = (name: string) => ({ params: { path: { scope, name } } });
  return {
    queryKey: [family, scope, 'automations'] as const,
    list: async (): Promise<Automation[]> => dataOf(await api.GET(at(base), { params: { path: { scope } } })).value,
    create: async (body: ReturnType<typeof createBodyOf>) =>
      dataOf(await api.POST(at(base), { params: { path: { scope } }, body })),
    update: async (name: string, body: ReturnType<typeof patchBodyOf>): Promise<Automation> =>
      dataOf(await api.PATCH(at(item), { ...itemParams(name), body })),
    remove: async (name: string) => doneOf(await api.DELETE(at(item), itemParams(name))),
    test: async (name: string): Promise<Delivery> => dataOf(await api.POST(at(`${item}/test`), itemParams(name))),
    rotateSecret: async (name: string) =>
      dataOf(await api.POST(at(`${item}/rotate-secret`), { ...itemParams(name), body: {} })),
    deliveries: async (name: string, cursor: string | undefined) =>
      dataOf(
        await api.GET(at(`${item}/deliveries`), {
          params: { path: { scope, name }, query: { top: 25, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    redeliver: async (name: string, delivery: string): Promise<Delivery> =>
      dataOf(
        await api.POST(at(`${item}/deliveries/{delivery}/redeliver`), {
          params: { path: { scope, name, delivery } },
        }),
      ),
  };
}

export type AutomationCalls = ReturnType<typeof automationCalls>;
