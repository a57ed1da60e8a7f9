import {
  Button,
  Menu,
  MenuButton,
  MenuItemCheckbox,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  useId,
} from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';

/** One column: its header, how a row shows in it, and the API's `orderBy` field when it sorts. */
export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  sortKey?: string;
  /** Left out until the user picks it in the Columns menu. */
  hiddenByDefault?: boolean;
}

export interface SortState {
  key: string;
  direction: 'ascending' | 'descending';
}

/** The API's `orderBy` for a sort (`created desc`), and back: the first term only, as a header shows one. */
export function orderByOf(sort: SortState): string {
  return sort.direction === 'descending' ? `${sort.key} desc` : sort.key;
}
export function sortOf(orderBy: string | undefined): SortState | undefined {
  const [key, direction] = (orderBy ?? '').split(',')[0]?.trim().split(/\s+/) ?? [];
  if (!key) return undefined;
  return { key, direction: direction?.toLowerCase() === 'desc' ? 'descending' : 'ascending' };
}

/** Cursor paging as the API gives it: the page's cursor (none on the first) and `next` when there is more. */
export interface Paging {
  cursor: string | undefined;
  next: string | undefined;
  top: number;
  onChange(page: { cursor: string | undefined; top: number }): void;
}
const pageSizes = [10, 25, 50, 100];

interface DataTableProps<T> {
  /** The table's accessible name. */
  label: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty?: ReactNode;
  size?: 'small' | 'medium';
  /** Server-side sorting by the columns' sort keys. */
  sort?: { value: SortState | undefined; onChange(sort: SortState): void };
  /** Where the chosen columns are remembered (localStorage); with it the table offers a Columns menu. */
  columnsKey?: string;
  paging?: Paging;
}

/** The one table of the studio: typed columns, server-side sort and cursor paging, columns the user picks. */
export function DataTable<T>({
  label,
  columns,
  rows,
  rowKey,
  empty,
  size,
  sort,
  columnsKey,
  paging,
}: DataTableProps<T>) {
  const [visible, setVisible] = useVisibleColumns(columns, columnsKey);
  const shown = columns.filter((c) => visible.includes(c.id));
  const sizeId = useId('page-size');
  return (
    <div>
      {columnsKey !== undefined ? (
        <Menu
          checkedValues={{ columns: visible }}
          onCheckedValueChange={(_e, d) => setVisible(d.checkedItems.length > 0 ? d.checkedItems : visible)}
        >
          <MenuTrigger disableButtonEnhancement>
            <MenuButton size="small" appearance="subtle" aria-label={`Columns of ${label}`}>
              Columns
            </MenuButton>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {columns.map((c) => (
                <MenuItemCheckbox key={c.id} name="columns" value={c.id}>
                  {c.header}
                </MenuItemCheckbox>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
      ) : null}
      {rows.length === 0 ? (
        <Text block style={{ padding: '12px 0' }}>
          {empty ?? 'Nothing here.'}
        </Text>
      ) : (
        <Table aria-label={label} size={size ?? 'small'}>
          <TableHeader>
            <TableRow>
              {shown.map((c) => {
                const sortable = sort !== undefined && c.sortKey !== undefined;
                if (!sortable) return <TableHeaderCell key={c.id}>{c.header}</TableHeaderCell>;
                const current = sort.value?.key === c.sortKey ? sort.value?.direction : undefined;
                return (
                  <TableHeaderCell
                    key={c.id}
                    sortable
                    {...(current ? { sortDirection: current } : {})}
                    button={{
                      onClick: () =>
                        sort.onChange({
                          key: c.sortKey as string,
                          direction: current === 'ascending' ? 'descending' : 'ascending',
                        }),
                    }}
                  >
                    {c.header}
                  </TableHeaderCell>
                );
              })}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={rowKey(row)}>
                {shown.map((c) => (
                  <TableCell key={c.id}>{c.cell(row)}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {paging ? (
        <nav aria-label={`Pages of ${label}`} style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 8 }}>
          <Button
            size="small"
            disabled={paging.cursor === undefined}
            onClick={() => paging.onChange({ cursor: undefined, top: paging.top })}
          >
            First page
          </Button>
          <Button
            size="small"
            disabled={paging.next === undefined}
            onClick={() => paging.onChange({ cursor: paging.next, top: paging.top })}
          >
            Next page
          </Button>
          <label htmlFor={sizeId}>Rows per page</label>
          <Select
            id={sizeId}
            size="small"
            value={String(paging.top)}
            onChange={(_e, d) => paging.onChange({ cursor: undefined, top: Number(d.value) })}
          >
            {[...new Set([...pageSizes, paging.top])]
              .sort((a, b) => a - b)
              .map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
          </Select>
        </nav>
      ) : null}
    </div>
  );
}

/** The ids of the columns shown: the user's choice from localStorage when there is one, else the defaults. */
function useVisibleColumns<T>(columns: Column<T>[], key: string | undefined): [string[], (ids: string[]) => void] {
  const defaults = columns.filter((c) => !c.hiddenByDefault).map((c) => c.id);
  const storageKey = key === undefined ? undefined : `arca.columns.${key}`;
  const [visible, setVisible] = useState<string[]>(() => {
    const saved = storageKey === undefined ? null : window.localStorage.getItem(storageKey);
    if (saved === null) return defaults;
    try {
      const ids = (JSON.parse(saved) as unknown[]).filter((id): id is string => columns.some((c) => c.id === id));
      return ids.length > 0 ? ids : defaults;
    } catch {
      return defaults;
    }
  });
  const choose = (ids: string[]) => {
    // Keep the columns' own order whatever order they were ticked in.
    const ordered = columns.filter((c) => ids.includes(c.id)).map((c) => c.id);
    setVisible(ordered);
    if (storageKey !== undefined) window.localStorage.setItem(storageKey, JSON.stringify(ordered));
  };
  return [visible, choose];
}
