import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInStudio, sessionOf } from '../testing/render';
import { useRecordVisit, useSavedItems, type SavedItem } from './saved-items';
import { StarToggle } from './star-toggle';

const page = (n: number): SavedItem => ({ path: `/registries/reg/models/m${n}`, label: `reg/m${n}`, kind: 'model' });

/** Shows a list as text and hands out the recorder, as the home page and the star do. */
function Probe({
  list,
  onRecorder,
}: {
  list: 'recent' | 'starred';
  onRecorder?: (record: (i: SavedItem) => void) => void;
}) {
  const items = useSavedItems(list);
  const record = useRecordVisit();
  onRecorder?.(record);
  return <output aria-label={list}>{items.map((i) => i.label).join(',')}</output>;
}

// The lists are cached in the module for the page's life: each test uses a user of its own.
describe('saved items', () => {
  it('keeps the ten most recent pages, newest first, each once', () => {
    let record: (i: SavedItem) => void = () => {};
    renderInStudio(<Probe list="recent" onRecorder={(r) => (record = r)} />, { session: sessionOf('alice') });
    act(() => {
      for (let n = 1; n <= 12; n++) record(page(n));
      record(page(5));
    });
    expect(screen.getByLabelText('recent').textContent).toBe(
      ['reg/m5', 'reg/m12', 'reg/m11', 'reg/m10', 'reg/m9', 'reg/m8', 'reg/m7', 'reg/m6', 'reg/m4', 'reg/m3'].join(','),
    );
    expect(JSON.parse(window.localStorage.getItem('arca.studio.recent.alice') ?? '[]')).toHaveLength(10);
  });

  it('stars and unstars a page for the signed-in user only, and showing the star records the visit', async () => {
    const { user } = renderInStudio(
      <>
        <StarToggle {...page(1)} />
        <Probe list="starred" />
      </>,
      { session: sessionOf('bob') },
    );
    const star = screen.getByRole('button', { name: 'Star reg/m1' });
    await user.click(star);
    expect(screen.getByLabelText('starred').textContent).toBe('reg/m1');
    expect(star.getAttribute('aria-pressed')).toBe('true');
    expect(JSON.parse(window.localStorage.getItem('arca.studio.starred.bob') ?? '[]')).toEqual([page(1)]);
    expect(window.localStorage.getItem('arca.studio.starred.alice')).toBeNull();
    expect(JSON.parse(window.localStorage.getItem('arca.studio.recent.bob') ?? '[]')).toEqual([page(1)]);

    await user.click(star);
    expect(screen.getByLabelText('starred').textContent).toBe('');
  });

  it('drops stored entries that are not pages of the studio', () => {
    window.localStorage.setItem(
      'arca.studio.starred.carol',
      JSON.stringify([
        page(1),
        { path: 'https://evil.example/', label: 'x', kind: 'model' },
        { path: '/a' },
        'junk',
        null,
      ]),
    );
    renderInStudio(<Probe list="starred" />, { session: sessionOf('carol') });
    expect(screen.getByLabelText('starred').textContent).toBe('reg/m1');
  });

  it('shows nothing and records nothing before the session is known', () => {
    let record: (i: SavedItem) => void = () => {};
    window.localStorage.setItem('arca.studio.recent.', JSON.stringify([page(9)]));
    renderInStudio(<Probe list="recent" onRecorder={(r) => (record = r)} />);
    act(() => record(page(1)));
    expect(screen.getByLabelText('recent').textContent).toBe('');
    expect(JSON.parse(window.localStorage.getItem('arca.studio.recent.') ?? '[]')).toEqual([page(9)]);
  });
});
