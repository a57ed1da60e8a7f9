import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { allowance } from '../session';
import { renderInStudio, sessionOf } from '../testing/render';
import { GuardedButton } from './guarded-button';

describe('GuardedButton', () => {
  it('is an ordinary button when the action is allowed', async () => {
    const onClick = vi.fn();
    const { user } = renderInStudio(
      <GuardedButton allowance={{ allowed: true }} onClick={onClick}>
        Archive
      </GuardedButton>,
    );
    const button = screen.getByRole('button', { name: 'Archive' });
    expect(button.getAttribute('aria-disabled')).toBeNull();
    await user.click(button);
    expect(onClick).toHaveBeenCalledOnce();
  });

  const reason = 'You need the permission registries/assets/write on registry reg1';
  const refused = (onClick: () => void) => (
    <GuardedButton allowance={{ allowed: false, reason }} onClick={onClick}>
      Archive
    </GuardedButton>
  );

  it('is disabled but reached with Tab, and says why when focused', async () => {
    const onClick = vi.fn();
    const { user } = renderInStudio(refused(onClick));
    const button = screen.getByRole('button', { name: 'Archive' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(screen.queryByRole('tooltip')).toBeNull();

    await user.tab();
    expect(document.activeElement).toBe(button);
    const tip = await screen.findByRole('tooltip');
    expect(tip.textContent).toBe(reason);
    expect(button.getAttribute('aria-describedby')).toBe(tip.id);

    await user.keyboard('{Enter}');
    await user.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });

  it('says why on hover', async () => {
    const { user } = renderInStudio(refused(() => {}));
    await user.hover(screen.getByRole('button', { name: 'Archive' }));
    expect((await screen.findByRole('tooltip')).textContent).toBe(reason);
  });

  it('gives the reason the session’s permissions lead to', () => {
    const readOnly = sessionOf('alice', { token: { id: 't', read_only: true, scope: null } });
    expect(allowance(readOnly, 'registries/assets/write', { kind: 'registry', name: 'reg1' })).toEqual({
      allowed: false,
      reason: 'You signed in with a read-only token (registries/assets/write)',
    });
    const scoped = sessionOf('bob', {
      permissions: { org: [], scopes: { 'registry:reg1': ['registries/assets/write'] } },
    });
    expect(allowance(scoped, 'registries/assets/write', { kind: 'registry', name: 'REG1' })).toEqual({ allowed: true });
    expect(allowance(scoped, 'registries/assets/write', { kind: 'registry', name: 'reg2' })).toEqual({
      allowed: false,
      reason: 'You need the permission registries/assets/write on registry reg2',
    });
    expect(allowance(null, 'audit/read')).toEqual({ allowed: false, reason: 'Sign in first' });
  });
});
