import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { renderInStudio } from '../testing/render';
import { FilterBox } from './filter-box';

const example = "tags.team = 'vision'";

describe('FilterBox', () => {
  it('puts the caret under the column the server’s refusal points at', () => {
    const filter = "tags.team = 'vision' and sise > 10";
    const refusal = new ApiError(400, 'FilterFieldUnknown', 'unknown field sise', { target: 'filter', column: 26 });
    renderInStudio(<FilterBox value={filter} onApply={() => {}} error={refusal} example={example} />);

    expect(screen.getByTestId('filter-error').textContent).toContain('unknown field sise');
    const caret = screen.getByLabelText('at column 26');
    const [line, marks] = (caret.textContent ?? '').split('\n');
    expect(line).toBe(filter);
    expect(marks).toBe(`${' '.repeat(25)}^`);
    expect(filter.slice((marks ?? '').indexOf('^'))).toMatch(/^sise/);
    // The hint gives way to the refusal.
    expect(screen.queryByText(/The CLI's filter language/)).toBeNull();
  });

  it('shows a refusal without a column with no caret', () => {
    const refusal = new ApiError(400, 'FilterInvalid', 'the filter is too long', { target: 'filter' });
    renderInStudio(<FilterBox value="x = 1" onApply={() => {}} error={refusal} example={example} />);
    expect(screen.getByTestId('filter-error').textContent).toBe('the filter is too long');
    expect(screen.queryByTestId('filter-caret')).toBeNull();
  });

  it('applies the trimmed text on Enter, and no filter when the box is emptied', async () => {
    const onApply = vi.fn();
    const { user } = renderInStudio(<FilterBox value="size > 1" onApply={onApply} error={null} example={example} />);
    const box = screen.getByRole('textbox', { name: 'Filter' });
    expect(screen.getByText(`The CLI's filter language, e.g. ${example}`)).toBeTruthy();

    await user.clear(box);
    await user.type(box, "  tags.stage = 'prod'  {Enter}");
    expect(onApply).toHaveBeenLastCalledWith("tags.stage = 'prod'");

    await user.clear(box);
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(onApply).toHaveBeenLastCalledWith(undefined);
  });

  it('shows what the URL says when it changes under the box (back, a link)', () => {
    const { rerender } = renderInStudio(
      <FilterBox value="size > 1" onApply={() => {}} error={null} example={example} />,
    );
    rerender(<FilterBox value="size > 2" onApply={() => {}} error={null} example={example} />);
    expect((screen.getByRole('textbox', { name: 'Filter' }) as HTMLInputElement).value).toBe('size > 2');
  });
});
