import { Button, Field, Input, Text, Title3 } from '@fluentui/react-components';
import { useQueries } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { api, dataOf, type AssetSegment, type Schemas, type ScopeFamily } from '../api';
import { assetPath } from './asset-params';

type AliasMove = Schemas['AliasMove'];

/** What the alias named at `at` (ISO): the target of its last move at or before then, or undefined before its first. */
export function targetAt(moves: AliasMove[], at: string): string | null | undefined {
  const last = moves.filter((m) => m.action === 'move' && m.at <= at).sort((a, b) => b.at.localeCompare(a.at))[0];
  return last === undefined ? undefined : last.to_version;
}

/** `datetime-local` text (the browser's time zone, to the millisecond) of an ISO time, and back. */
const toLocalInput = (iso: string) => {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 23);
};
const fromLocalInput = (text: string) => {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

function describeMove(m: AliasMove): string {
  if (m.action === 'protect') return 'protected';
  if (m.action === 'unprotect') return 'unprotected';
  if (m.to_version === null) return `removed (was ${m.from_version ?? '—'})`;
  return m.from_version === null ? `set to ${m.to_version}` : `moved ${m.from_version} → ${m.to_version}`;
}

/**
 * Each alias's moves as a timeline (newest first), and a time picker: "at …" shows what every alias pointed at
 * then. The time is in the URL (`?at=`), so a link shows the same moment to a colleague.
 */
export function AliasHistory({
  family,
  segment,
  scope,
  asset,
  aliases,
}: {
  family: ScopeFamily;
  segment: AssetSegment;
  scope: string;
  asset: string;
  aliases: string[];
}) {
  const search = useSearch({ strict: false }) as { at?: unknown };
  const at = typeof search.at === 'string' && fromLocalInput(search.at) !== undefined ? search.at : undefined;
  const navigate = useNavigate();
  const setAt = (value: string | undefined) =>
    void navigate({
      to: '.',
      search: ((prev: Record<string, unknown>) => ({ ...prev, at: value })) as never,
      replace: true,
    });
  const histories = useQueries({
    queries: aliases.map((alias) => ({
      queryKey: [family, scope, segment, asset, 'aliases', alias, 'history'],
      queryFn: async () =>
        dataOf(
          await api.GET(assetPath(family, segment, '/aliases/{alias}/history'), {
            params: { path: { scope, name: asset, alias } },
          }),
        ).value,
    })),
  });
  if (aliases.length === 0) return null;
  return (
    <section aria-labelledby="alias-history-title">
      <Title3 as="h2" id="alias-history-title" block style={{ marginTop: 24 }}>
        Alias history
      </Title3>
      <div style={{ display: 'flex', gap: 8, alignItems: 'end' }}>
        <Field label="Show aliases at" hint="What each alias pointed at then">
          <Input
            type="datetime-local"
            step={0.001}
            value={at ? toLocalInput(at) : ''}
            onChange={(_e, d) => setAt(fromLocalInput(d.value))}
          />
        </Field>
        {at ? <Button onClick={() => setAt(undefined)}>Now</Button> : null}
      </div>
      {aliases.map((alias, i) => {
        const moves = histories[i]?.data;
        return (
          <div key={alias} style={{ marginTop: 12 }}>
            <Text weight="semibold" block>
              {alias}
              {at && moves ? (
                <span data-testid={`alias-at-${alias}`}>{` at ${new Date(at).toLocaleString()}: ${
                  targetAt(moves, at) ?? 'not set'
                }`}</span>
              ) : null}
            </Text>
            {histories[i]?.error ? <Text block>{histories[i]?.error?.message}</Text> : null}
            <ol aria-label={`History of ${alias}`} style={{ margin: '4px 0', borderLeft: '2px solid currentColor' }}>
              {(moves ?? []).map((m, j) => (
                <li key={j}>
                  <Text>{`${new Date(m.at).toLocaleString()} · ${describeMove(m)} · by ${m.by}${at && m.at > at ? ' · after the picked time' : ''}`}</Text>
                </li>
              ))}
            </ol>
          </div>
        );
      })}
    </section>
  );
}
