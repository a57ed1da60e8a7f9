import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useRef } from 'react';
import { orderByOf, sortOf, type Paging, type SortState } from './data-table';
import { defaultTop, listQueryOf, type ListSearch } from './list-search';

/**
 * One page of a list. While the next one loads the current stays; when the server refuses the view (a bad
 * filter) `page` is still the last page it gave, so the error shows beside the results it replaced.
 */
export function usePagedList<P>(queryKey: unknown[], fetchPage: () => Promise<P>) {
  const query = useQuery({ queryKey, queryFn: fetchPage, placeholderData: keepPreviousData });
  const lastGood = useRef<P | undefined>(undefined);
  if (query.data !== undefined && !query.isError) lastGood.current = query.data;
  return { query, page: query.isError ? lastGood.current : query.data };
}

/** The list view of the current page's URL, and how to change it (a change is a navigation: back undoes it). */
export function useListView() {
  const search = useSearch({ strict: false }) as ListSearch;
  const navigate = useNavigate();
  const view = (change: Partial<ListSearch>) => void navigate({ to: '.', search: { ...search, ...change } as never });
  /** The table's sort and paging, read from and written to the URL; `next` is the shown page's. */
  const tableProps = (next: string | undefined) => ({
    sort: {
      value: sortOf(search.orderBy),
      onChange: (sort: SortState) => view({ orderBy: orderByOf(sort), cursor: undefined }),
    },
    paging: {
      cursor: search.cursor,
      next,
      top: search.top ?? defaultTop,
      onChange: ({ cursor, top }) => view({ cursor, top: top === defaultTop ? undefined : top }),
    } satisfies Paging,
  });
  return { search, view, query: listQueryOf(search), tableProps };
}
