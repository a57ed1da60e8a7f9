import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { renderInStudio } from '../testing/render';
import { ConfirmButton } from './confirm-button';

const button = (action: () => Promise<unknown>) => (
  <ConfirmButton
    allowance={{ allowed: true }}
    label="Delete group vision"
    title="Delete group vision?"
    consequence="Its members lose the roles assigned to it."
    confirmLabel="Delete group"
    action={action}
  >
    Delete…
  </ConfirmButton>
);

describe('ConfirmButton', () => {
  it('asks first, saying what will happen, and acts only on confirmation', async () => {
    const action = vi.fn(async () => undefined);
    const { user } = renderInStudio(button(action));
    await user.click(screen.getByRole('button', { name: 'Delete group vision' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete group vision?' });
    expect(dialog.textContent).toContain('Its members lose the roles assigned to it.');
    expect(action).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Delete group' }));
    expect(action).toHaveBeenCalledOnce();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('does nothing when cancelled', async () => {
    const action = vi.fn(async () => undefined);
    const { user } = renderInStudio(button(action));
    await user.click(screen.getByRole('button', { name: 'Delete group vision' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(action).not.toHaveBeenCalled();
  });

  it('keeps the dialog open with the server’s refusal when the action fails', async () => {
    const action = vi.fn(async () => {
      throw new ApiError(409, 'LastOwner', 'deleting group vision would leave no Owner');
    });
    const { user } = renderInStudio(button(action));
    await user.click(screen.getByRole('button', { name: 'Delete group vision' }));
    await user.click(await screen.findByRole('button', { name: 'Delete group' }));
    await screen.findByText('LastOwner: deleting group vision would leave no Owner');
    expect(screen.getByRole('dialog', { name: 'Delete group vision?' })).toBeTruthy();
  });
});
