import { useNavigate, useSearch } from '@tanstack/react-router';
import { orderByOf, sortOf, type Paging, type SortState } from './data-table';
import { defaultTop, listQueryOf, type ListSearch } from './list-search';

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
