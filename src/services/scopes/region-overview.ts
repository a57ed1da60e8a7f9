import type { ScopeRegion } from '../../core/model/scopes.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { regionHoldings, type RegionHoldings } from '../../storage/metadata/replication-repository.js';
import type { ScopeService } from './scopes.js';

/** A registry's region with what its store holds of the registry's versions. */
export interface RegionOverviewEntry extends RegionHoldings {
  region: ScopeRegion;
}

/** The regions of a registry: each with its replication progress, and the regions it could still add. */
export interface RegistryRegions {
  regions: RegionOverviewEntry[];
  /** Configured regions the registry has not got. */
  addable: string[];
  /** Whether a region name that is not configured is accepted too (embedded mode). */
  anyRegion: boolean;
}

/**
 * What the studio shows before a region is added or removed: per region, how many of the registry's versions it
 * holds whole, since when one is missing (the lag), and the files and bytes held there (what a removal drops).
 */
export class RegionOverview {
  constructor(
    private readonly deps: { store: MetadataStore; regions: RegionStores; scopes: Pick<ScopeService, 'get'> },
  ) {}

  async ofRegistry(name: string): Promise<RegistryRegions> {
    const scope = await this.deps.scopes.get('registry', name);
    const regions: RegionOverviewEntry[] = [];
    for (const region of scope.regions)
      regions.push({ region, ...(await regionHoldings(this.deps.store.session, scope.id, region.region)) });
    const has = new Set(scope.regions.map((r) => r.region));
    const { configured, anyName } = this.deps.regions.known;
    return { regions, addable: configured.filter((r) => !has.has(r)), anyRegion: anyName };
  }
}
