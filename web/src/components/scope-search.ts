// A scope page's URL state, apart from the page so the router can validate it without loading the page.
import { validateAuditSearch, type AuditSearch } from './audit-search';

export type ScopeTab = 'overview' | 'members' | 'activity' | 'automations';

/** Which tab of a registry or workspace is open and, on Activity, the audit filters and page (target fixed). */
export interface ScopeSearch extends Omit<AuditSearch, 'target'> {
  tab?: Exclude<ScopeTab, 'overview'>;
}

export function validateScopeSearch(search: Record<string, unknown>): ScopeSearch {
  const tab = search['tab'];
  if (tab === 'members' || tab === 'automations') return { tab };
  if (tab !== 'activity') return {};
  const { target: _target, ...audit } = validateAuditSearch(search);
  return { tab, ...audit };
}
