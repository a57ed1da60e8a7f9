import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderInStudio } from '../testing/render';
import { TagEditor, type TagPatch } from './tag-editor';

describe('TagEditor', () => {
  it('adds a tag as one patch of that key, then closes the form', async () => {
    const save = vi.fn(async (_patch: TagPatch) => undefined);
    const { user } = renderInStudio(<TagEditor tags={{ team: 'fraud' }} allowance={{ allowed: true }} save={save} />);
    await user.click(screen.getByRole('button', { name: 'Add tag' }));
    await user.type(screen.getByRole('textbox', { name: /Key/ }), ' stage ');
    await user.type(screen.getByRole('textbox', { name: 'Value' }), 'prod');
    await user.click(screen.getByRole('button', { name: 'Save tag' }));
    expect(save).toHaveBeenCalledExactlyOnceWith({ stage: 'prod' });
    expect(screen.queryByRole('form', { name: 'Add a tag' })).toBeNull();
  });

  it('removes a tag with a patch that sets only that key to null', async () => {
    const save = vi.fn(async (_patch: TagPatch) => undefined);
    const { user } = renderInStudio(
      <TagEditor tags={{ team: 'fraud', stage: 'dev' }} allowance={{ allowed: true }} save={save} />,
    );
    await user.click(screen.getByRole('button', { name: 'Remove tag stage' }));
    expect(save).toHaveBeenCalledExactlyOnceWith({ stage: null });
  });

  it("shows the server's refusal and keeps the form open with what was typed", async () => {
    const save = vi.fn(async () => {
      throw new Error('tag key "a b" is not valid: letters, digits, ".", "_", "-" and "/" only');
    });
    const { user } = renderInStudio(<TagEditor tags={{}} allowance={{ allowed: true }} save={save} />);
    await user.click(screen.getByRole('button', { name: 'Add tag' }));
    await user.type(screen.getByRole('textbox', { name: /Key/ }), 'a b');
    await user.click(screen.getByRole('button', { name: 'Save tag' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/is not valid/);
    expect((screen.getByRole('textbox', { name: /Key/ }) as HTMLInputElement).value).toBe('a b');
  });

  it('offers a reader no way to change tags, saying why, and shows a tag holding markup as text', async () => {
    const save = vi.fn(async () => undefined);
    const reason = 'You need the permission registries/assets/write on registry reg1';
    const { user } = renderInStudio(
      <TagEditor tags={{ note: '<img src=x onerror=alert(1)>' }} allowance={{ allowed: false, reason }} save={save} />,
    );
    expect(screen.getByText('note: <img src=x onerror=alert(1)>')).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove tag/ })).toBeNull();
    const add = screen.getByRole('button', { name: 'Add tag' });
    expect(add.getAttribute('aria-disabled')).toBe('true');
    await user.click(add);
    expect(screen.queryByRole('form', { name: 'Add a tag' })).toBeNull();
    expect(save).not.toHaveBeenCalled();
  });
});
