import { Badge } from '@fluentui/react-components';

/** Key/value tags as plain text badges (user content: never HTML). */
export function TagList({ tags }: { tags: Record<string, string> }) {
  const entries = Object.entries(tags);
  if (entries.length === 0) return null;
  return (
    <ul
      aria-label="Tags"
      style={{ display: 'flex', flexWrap: 'wrap', gap: 4, margin: '8px 0', padding: 0, listStyle: 'none' }}
    >
      {entries.map(([key, value]) => (
        <li key={key}>
          <Badge appearance="outline" color="informative">{`${key}: ${value}`}</Badge>
        </li>
      ))}
    </ul>
  );
}
