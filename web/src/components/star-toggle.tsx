import { ToggleButton } from '@fluentui/react-components';
import { useEffect, useMemo } from 'react';
import { useRecordVisit, useStar, type SavedItem } from './saved-items';

/** The star of a scope or asset page (remembered in this browser, per user); showing it records the visit. */
export function StarToggle({ path, label, kind }: SavedItem) {
  const item = useMemo(() => ({ path, label, kind }), [path, label, kind]);
  const { starred, toggle } = useStar(item);
  const record = useRecordVisit();
  useEffect(() => record(item), [record, item]);
  return (
    <ToggleButton size="small" checked={starred} onClick={toggle} aria-label={`Star ${label}`}>
      {starred ? '★ Starred' : '☆ Star'}
    </ToggleButton>
  );
}
