import { Caption1 } from '@fluentui/react-components';

/** How often a page refreshes what is still changing under the user (a pending version, a catching-up replica). */
export const liveRefreshMs = 2000;

/** A `refetchInterval` that polls while `changing` says the state is not final yet, and stops once it is. */
export function pollWhile<T>(changing: (data: T) => boolean) {
  return (query: { state: { data: T | undefined } }) =>
    query.state.data !== undefined && changing(query.state.data) ? liveRefreshMs : false;
}

/** "Updated hh:mm:ss · live" while the page polls; the time of the last answer alone once the state is final. */
export function LiveStatus({ updatedAt, live }: { updatedAt: number; live: boolean }) {
  if (updatedAt === 0) return null;
  return (
    <Caption1 block data-testid="live-status" aria-live="off">
      Updated {new Date(updatedAt).toLocaleTimeString(undefined, { hour12: false })}
      {live ? ' · live' : ''}
    </Caption1>
  );
}
