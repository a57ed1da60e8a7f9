import { Type } from '@sinclair/typebox';
import type { RegionOverview } from '../../services/scopes/region-overview.js';
import type { TypedRouter } from '../typed-router.js';
import { NameParams, RegionView, errorResponses } from './http-schemas.js';

const RegionHoldingsView = Type.Object(
  {
    ...RegionView.properties,
    role: Type.Union([Type.Literal('primary'), Type.Literal('replica')]),
    versions: Type.Integer({ description: "The registry's committed versions (ready or archived)." }),
    replicated_versions: Type.Integer({ description: 'Those whose every file this region holds.' }),
    oldest_pending_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'When the oldest version still missing a file here was committed: the replication lag.',
    }),
    blobs: Type.Integer({ description: "Distinct files of the registry's versions this region holds." }),
    bytes: Type.Integer({
      description: 'Their size: what removing the region drops (less what other scopes there share).',
    }),
  },
  { $id: 'RegionHoldings' },
);

/** `/api/v1/registries/{name}/regions`: each region's replication progress, and the regions that could be added. */
export function registerRegionRoutes(r: TypedRouter, overview: RegionOverview): void {
  r.get(
    '/api/v1/registries/:name/regions',
    {
      schema: {
        tags: ['registries'],
        operationId: 'listRegistryRegions',
        summary: "A registry's regions with what each holds of its versions, and the configured regions it lacks",
        params: NameParams,
        response: {
          200: Type.Object({
            value: Type.Array(RegionHoldingsView),
            addable: Type.Array(Type.String(), { description: 'Configured regions the registry has not got.' }),
            any_region: Type.Boolean({
              description:
                'Whether a region that is not configured may be added too (embedded mode makes it on demand).',
            }),
          }),
          ...errorResponses,
        },
      },
      config: { access: { permission: 'registries/read', scope: { kind: 'registry', param: 'name' } } },
    },
    async (request) => {
      const { regions, addable, anyRegion } = await overview.ofRegistry(request.params.name);
      return {
        value: regions.map(({ region, versions, replicatedVersions, oldestPendingAt, blobs, bytes }) => ({
          location: region.region,
          storage_config: {
            ...(region.storageAccountType === null ? {} : { storage_account_type: region.storageAccountType }),
            ...(region.storageAccountHns === null ? {} : { storage_account_hns: region.storageAccountHns }),
          },
          provisioning_state: region.provisioningState,
          ...(region.error === null ? {} : { error: region.error }),
          role: region.isPrimary ? ('primary' as const) : ('replica' as const),
          versions,
          replicated_versions: replicatedVersions,
          oldest_pending_at: oldestPendingAt,
          blobs,
          bytes,
        })),
        addable,
        any_region: anyRegion,
      };
    },
  );
}
