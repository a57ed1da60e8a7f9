// The audit page's URL state, apart from the page so the router can validate it without loading the page.

/** The audit log's filters, kept in the URL so a filtered view is a link to share. */
export interface AuditSearch {
  since?: string;
  until?: string;
  principal?: string;
  action?: string;
  target?: string;
  outcome?: 'succeeded' | 'denied' | 'failed';
  cursor?: string;
  top?: number;
}

export const auditFilterKeys = ['since', 'until', 'principal', 'action', 'target'] as const;

export function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  const out: AuditSearch = {};
  for (const key of [...auditFilterKeys, 'cursor'] as const) {
    const value = search[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  const top = Number(search['top']);
  if (Number.isInteger(top) && top >= 1 && top <= 1000) out.top = top;
  const outcome = search['outcome'];
  if (outcome === 'succeeded' || outcome === 'denied' || outcome === 'failed') out.outcome = outcome;
  return out;
}
