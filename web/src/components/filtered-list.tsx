import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { ApiError } from '../api';
import { DataTable, type Column } from './data-table';
import { FilterBox } from './filter-box';
import { pollWhile } from './live-status';
import type { listQueryOf } from './list-search';
import { useListView } from './list-view';
import { QueryState } from './states';

export interface ListPage<T> {
  value: T[];
  next?: string;
}

/** A server-side list under a filter box: filter, sort, page size and cursor from the URL (see useListView). */
export function FilteredList<T>({
  queryKey,
  fetchPage,
  example,
  empty,
  refetchWhile,
  ...table
}: {
  queryKey: unknown[];
  fetchPage: (query: ReturnType<typeof listQueryOf>) => Promise<ListPage<T>>;
  /** A filter the box suggests. */
  example: string;
  /** What an empty list says, without and with a filter. */
  empty: [string, string];
  /** Refresh the page every few seconds while this says what it shows is still changing (see pollWhile). */
  refetchWhile?: (page: ListPage<T>) => boolean;
  label: string;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  columnsKey: string;
}) {
  const { search, view, query, tableProps } = useListView();
  const list = useQuery({
    queryKey: [...queryKey, query],
    queryFn: () => fetchPage(query),
    placeholderData: keepPreviousData,
    refetchInterval: refetchWhile === undefined ? false : pollWhile(refetchWhile),
  });
  // A refused view (a bad filter) keeps the last page the server gave on the page, beside the error.
  const lastGood = useRef<ListPage<T> | undefined>(undefined);
  if (list.data !== undefined && !list.isError) lastGood.current = list.data;
  const page = list.isError ? lastGood.current : list.data;
  const filterError = isFilterError(list.error) ? list.error : null;
  return (
    <>
      <FilterBox
        value={search.filter}
        error={filterError}
        example={example}
        onApply={(filter) => view({ filter, cursor: undefined })}
      />
      {list.isError && filterError === null ? <QueryState query={list}>{() => null}</QueryState> : null}
      {page === undefined ? (
        list.isPending ? (
          <QueryState query={list}>{() => null}</QueryState>
        ) : null
      ) : (
        <DataTable
          {...table}
          rows={page.value}
          empty={search.filter ? empty[1] : empty[0]}
          {...tableProps(list.isError ? undefined : page.next)}
        />
      )}
    </>
  );
}

/** An error the filter box shows: the server refused the filter itself. */
function isFilterError(error: Error | null): error is ApiError {
  return error instanceof ApiError && (error.where.target === 'filter' || error.code.startsWith('Filter'));
}
