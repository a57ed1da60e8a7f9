/** A list's view in the URL: the API's `filter`, `orderBy`, `top` and `cursor`, so a link reproduces it. */
export interface ListSearch {
  filter?: string;
  orderBy?: string;
  top?: number;
  cursor?: string;
}

/** `validateSearch` of a page with a list: keeps the four list params that are well-formed, drops the rest. */
export function validateListSearch(search: Record<string, unknown>): ListSearch {
  const text = (key: string) => {
    const value = search[key];
    return typeof value === 'string' && value !== '' ? { [key]: value } : {};
  };
  const top = Number(search['top']);
  return {
    ...text('filter'),
    ...text('orderBy'),
    ...(Number.isInteger(top) && top >= 1 && top <= 1000 ? { top } : {}),
    ...text('cursor'),
  };
}

export const defaultTop = 25;

/** The list query params of a view (`top` defaulted; empty ones left out). */
export function listQueryOf(search: ListSearch) {
  return {
    top: search.top ?? defaultTop,
    ...(search.filter ? { filter: search.filter } : {}),
    ...(search.orderBy ? { orderBy: search.orderBy } : {}),
    ...(search.cursor ? { cursor: search.cursor } : {}),
  };
}
