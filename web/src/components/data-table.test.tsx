import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderInStudio } from '../testing/render';
import { DataTable, orderByOf, sortOf, type Column, type Paging, type SortState } from './data-table';

interface Model {
  name: string;
  size: number;
  owner: string;
}
const rows: Model[] = [
  { name: 'fraud', size: 10, owner: 'alice' },
  { name: 'churn', size: 20, owner: 'bob' },
];
const columns: Column<Model>[] = [
  { id: 'name', header: 'Name', cell: (m) => m.name, sortKey: 'name' },
  { id: 'size', header: 'Size', cell: (m) => String(m.size), sortKey: 'size' },
  { id: 'owner', header: 'Owner', cell: (m) => m.owner, hiddenByDefault: true },
];

const headers = () => screen.getAllByRole('columnheader').map((h) => h.textContent);

describe('DataTable columns menu', () => {
  it('shows the default columns, hides one the user unticks and remembers it in localStorage', async () => {
    const { user, unmount } = renderInStudio(
      <DataTable label="Models" columns={columns} rows={rows} rowKey={(m) => m.name} columnsKey="models" />,
    );
    expect(headers()).toEqual(['Name', 'Size']);

    await user.click(screen.getByRole('button', { name: 'Columns of Models' }));
    await user.click(await screen.findByRole('menuitemcheckbox', { name: 'Size' }));

    expect(headers()).toEqual(['Name']);
    expect(JSON.parse(window.localStorage.getItem('arca.columns.models') ?? 'null')).toEqual(['name']);
    unmount();

    // A new table with the same key (a reload) starts from the user's choice.
    renderInStudio(
      <DataTable label="Models" columns={columns} rows={rows} rowKey={(m) => m.name} columnsKey="models" />,
    );
    expect(headers()).toEqual(['Name']);
  });

  it('adds a hidden-by-default column in the columns’ own order', async () => {
    const { user } = renderInStudio(
      <DataTable label="Models" columns={columns} rows={rows} rowKey={(m) => m.name} columnsKey="models" />,
    );
    await user.click(screen.getByRole('button', { name: 'Columns of Models' }));
    await user.click(await screen.findByRole('menuitemcheckbox', { name: 'Owner' }));
    expect(headers()).toEqual(['Name', 'Size', 'Owner']);
    expect(within(screen.getAllByRole('row')[1] as HTMLElement).getByText('alice')).toBeTruthy();
  });

  it('never hides the last column', async () => {
    window.localStorage.setItem('arca.columns.models', JSON.stringify(['name']));
    const { user } = renderInStudio(
      <DataTable label="Models" columns={columns} rows={rows} rowKey={(m) => m.name} columnsKey="models" />,
    );
    await user.click(screen.getByRole('button', { name: 'Columns of Models' }));
    await user.click(await screen.findByRole('menuitemcheckbox', { name: 'Name' }));
    expect(headers()).toEqual(['Name']);
  });

  it('falls back to the defaults when the stored choice is unreadable or names no known column', () => {
    window.localStorage.setItem('arca.columns.a', '{not json');
    window.localStorage.setItem('arca.columns.b', JSON.stringify(['gone']));
    renderInStudio(<DataTable label="A" columns={columns} rows={rows} rowKey={(m) => m.name} columnsKey="a" />);
    renderInStudio(<DataTable label="B" columns={columns} rows={rows} rowKey={(m) => m.name} columnsKey="b" />);
    for (const label of ['A', 'B']) {
      const table = screen.getByRole('table', { name: label });
      expect(
        within(table)
          .getAllByRole('columnheader')
          .map((h) => h.textContent),
      ).toEqual(['Name', 'Size']);
    }
  });
});

/** A table whose sort lives in state, as the list pages keep it in the URL. */
function SortedTable({ onChange }: { onChange: (sort: SortState) => void }) {
  const [sort, setSort] = useState<SortState | undefined>();
  return (
    <DataTable
      label="Models"
      columns={columns}
      rows={rows}
      rowKey={(m) => m.name}
      sort={{
        value: sort,
        onChange: (next) => {
          onChange(next);
          setSort(next);
        },
      }}
    />
  );
}

describe('DataTable sort headers', () => {
  it('toggles ascending then descending, calls onChange and shows it with aria-sort', async () => {
    const onChange = vi.fn();
    const { user } = renderInStudio(<SortedTable onChange={onChange} />);
    const size = () => screen.getByRole('columnheader', { name: /Size/ });
    expect(size().getAttribute('aria-sort')).toBe('none');

    await user.click(within(size()).getByRole('button'));
    expect(onChange).toHaveBeenLastCalledWith({ key: 'size', direction: 'ascending' });
    expect(size().getAttribute('aria-sort')).toBe('ascending');

    await user.click(within(size()).getByRole('button'));
    expect(onChange).toHaveBeenLastCalledWith({ key: 'size', direction: 'descending' });
    expect(size().getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('none');
  });

  it('offers no sort button on a column without a sort key', () => {
    renderInStudio(
      <DataTable
        label="Models"
        columns={columns.map((c) => ({ ...c, hiddenByDefault: false }))}
        rows={rows}
        rowKey={(m) => m.name}
        sort={{ value: undefined, onChange: () => {} }}
      />,
    );
    expect(within(screen.getByRole('columnheader', { name: 'Owner' })).queryByRole('button')).toBeNull();
  });

  it('maps a sort to the API’s orderBy and back, the first term only', () => {
    expect(orderByOf({ key: 'created', direction: 'descending' })).toBe('created desc');
    expect(orderByOf({ key: 'name', direction: 'ascending' })).toBe('name');
    expect(sortOf('size DESC, name')).toEqual({ key: 'size', direction: 'descending' });
    expect(sortOf('name asc')).toEqual({ key: 'name', direction: 'ascending' });
    expect(sortOf('')).toBeUndefined();
    expect(sortOf(undefined)).toBeUndefined();
  });
});

describe('DataTable paging', () => {
  const paging = (over: Partial<Paging>): Paging => ({
    cursor: undefined,
    next: undefined,
    top: 25,
    onChange: () => {},
    ...over,
  });

  it('goes to the next page with its cursor and back to the first without one', async () => {
    const onChange = vi.fn();
    const { user, rerender } = renderInStudio(
      <DataTable
        label="Models"
        columns={columns}
        rows={rows}
        rowKey={(m) => m.name}
        paging={paging({ next: 'c2', onChange })}
      />,
    );
    const first = () => screen.getByRole('button', { name: 'First page' });
    const next = () => screen.getByRole('button', { name: 'Next page' });
    expect(first().hasAttribute('disabled')).toBe(true);

    await user.click(next());
    expect(onChange).toHaveBeenLastCalledWith({ cursor: 'c2', top: 25 });

    rerender(
      <DataTable
        label="Models"
        columns={columns}
        rows={rows}
        rowKey={(m) => m.name}
        paging={paging({ cursor: 'c2', onChange })}
      />,
    );
    expect(next().hasAttribute('disabled')).toBe(true);
    await user.click(first());
    expect(onChange).toHaveBeenLastCalledWith({ cursor: undefined, top: 25 });
  });

  it('changing the page size starts again from the first page', async () => {
    const onChange = vi.fn();
    const { user } = renderInStudio(
      <DataTable
        label="Models"
        columns={columns}
        rows={rows}
        rowKey={(m) => m.name}
        paging={paging({ cursor: 'c3', top: 30, onChange })}
      />,
    );
    const sizes = screen.getByLabelText('Rows per page');
    expect(
      within(sizes)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['10', '25', '30', '50', '100']);
    await user.selectOptions(sizes, '50');
    expect(onChange).toHaveBeenLastCalledWith({ cursor: undefined, top: 50 });
  });

  it('says the table is empty instead of drawing one', () => {
    renderInStudio(
      <DataTable label="Models" columns={columns} rows={[]} rowKey={(m) => m.name} empty="No models yet." />,
    );
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('No models yet.')).toBeTruthy();
  });
});
