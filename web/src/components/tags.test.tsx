import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInStudio } from '../testing/render';
import { tagsOf } from './tag-text';
import { TagList } from './tags';

describe('TagList', () => {
  it('shows markup in a tag as text, never as HTML', () => {
    const { container } = renderInStudio(
      <TagList tags={{ note: '<script>window.pwned = 1</script>', '<b>key</b>': '<img src=x onerror=alert(1)>' }} />,
    );
    const list = screen.getByRole('list', { name: 'Tags' });
    expect(within(list).getByText('note: <script>window.pwned = 1</script>')).toBeTruthy();
    expect(within(list).getByText('<b>key</b>: <img src=x onerror=alert(1)>')).toBeTruthy();
    expect(container.querySelector('script, img, b')).toBeNull();
  });

  it('shows one badge a tag, and nothing at all without tags', () => {
    const { rerender } = renderInStudio(<TagList tags={{ stage: 'prod', team: 'vision' }} />);
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['stage: prod', 'team: vision']);
    rerender(<TagList tags={{}} />);
    expect(screen.queryByRole('list', { name: 'Tags' })).toBeNull();
  });
});

describe('tagsOf', () => {
  it('reads one key=value a line, trimmed, a bare key with an empty value, blank lines skipped', () => {
    expect(tagsOf(' stage = prod \n\nteam=vision=core\nreviewed\n')).toEqual({
      stage: 'prod',
      team: 'vision=core',
      reviewed: '',
    });
  });
});
