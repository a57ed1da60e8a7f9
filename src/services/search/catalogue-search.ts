import type { ScopeKind } from '../../core/names.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import {
  searchAliases,
  searchAssets,
  searchScopes,
  type AliasHit,
  type AssetHit,
  type ScopeHit,
  type SearchAfter,
  type SearchPhaseQuery,
  type SearchVisibility,
} from '../../storage/metadata/search-repository.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../cursor.js';

export type SearchHit =
  ({ type: 'scope' } & ScopeHit) | ({ type: 'asset' } & AssetHit) | ({ type: 'version-alias' } & AliasHit);

/** What the caller may read, per scope kind: `all`, or the case-folded names. */
export type Readable = Record<ScopeKind, 'all' | Set<string>>;

export interface SearchQuery {
  text: string;
  /** Scopes whose own fields may be searched (`…/read`). */
  scopes: Readable;
  /** Scopes whose assets and aliases may be searched (`…/assets/read`). */
  assets: Readable;
  top: number;
  cursor?: string | undefined;
}

export interface SearchPage {
  items: SearchHit[];
  next?: string;
}

/** The three kinds of hit, in the order a search serves them: scopes, then assets, then aliases. */
const phases = [
  { type: 'scope', run: searchScopes, readable: 'scopes' },
  { type: 'asset', run: searchAssets, readable: 'assets' },
  { type: 'version-alias', run: searchAliases, readable: 'assets' },
] as const;

function visibilityOf(readable: Readable): SearchVisibility {
  const of = (names: 'all' | Set<string>) => (names === 'all' ? 'all' : [...names]);
  return { registry: of(readable.registry), workspace: of(readable.workspace) };
}

/** Searches the catalogue (registries, workspaces, assets, aliases) for text, within what the caller may read. */
export class CatalogueSearch {
  constructor(private readonly store: MetadataStore) {}

  /** A page of hits, scopes first, then assets, then aliases, each by name; keyset-paged across the three. */
  async search(query: SearchQuery): Promise<SearchPage> {
    const list = `search:${query.text}`;
    let phase = 0;
    let after: SearchAfter | undefined;
    if (query.cursor !== undefined) {
      const cursor = decodeKeysetCursor(query.cursor, list);
      phase = Number(cursor.values[0]);
      after = { key: String(cursor.values[1]), id: String(cursor.id) };
    }
    const hits: { phase: number; hit: SearchHit }[] = [];
    for (; phase < phases.length && hits.length <= query.top; phase++, after = undefined) {
      const { type, run, readable } = phases[phase]!;
      const phaseQuery: SearchPhaseQuery = {
        text: query.text,
        visible: visibilityOf(query[readable]),
        limit: query.top + 1 - hits.length,
        after,
      };
      for (const hit of await run(this.store.session, phaseQuery))
        hits.push({ phase, hit: { type, ...hit } as SearchHit });
    }
    if (hits.length <= query.top) return { items: hits.map((h) => h.hit) };
    const page = hits.slice(0, query.top);
    const last = page.at(-1)!;
    return {
      items: page.map((h) => h.hit),
      next: encodeKeysetCursor(list, { values: [last.phase, last.hit.after.key], id: last.hit.after.id }),
    };
  }
}
