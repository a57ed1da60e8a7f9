import { Badge, Button, Field, Input, Text } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Allowance } from '../session';
import { GuardedButton } from './guarded-button';
import { TagList } from './tags';

/** A merge patch of tags, as the API's PATCH takes it: a value sets a key, `null` removes it. */
export type TagPatch = Record<string, string | null>;

/**
 * Tags shown as text badges and, for who may write, edited in place: each tag has a Remove button, and
 * "Add tag" takes a key and a value (a key already there gets the new value). Each change is one PATCH of
 * that key only, so a concurrent edit of another tag is never undone; the server's refusal (a key or value
 * out of bounds) shows under the form and the tags stay as the server holds them.
 */
export function TagEditor({
  tags,
  allowance,
  save,
}: {
  tags: Record<string, string>;
  allowance: Allowance;
  /** Sends the patch; resolves once the server holds it (the page refreshes what it shows). */
  save: (patch: TagPatch) => Promise<unknown>;
}) {
  const [adding, setAdding] = useState<{ key: string; value: string } | undefined>();
  const change = useMutation({
    mutationFn: (patch: TagPatch) => save(patch),
    onSuccess: (_data, patch) => {
      if (Object.values(patch).some((value) => value !== null)) setAdding(undefined);
    },
  });
  if (!allowance.allowed)
    return (
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <TagList tags={tags} />
        <GuardedButton size="small" allowance={allowance}>
          Add tag
        </GuardedButton>
      </div>
    );
  const entries = Object.entries(tags);
  return (
    <div>
      <ul
        aria-label="Tags"
        style={{ display: 'flex', flexWrap: 'wrap', gap: 8, margin: '8px 0', padding: 0, listStyle: 'none' }}
      >
        {entries.map(([key, value]) => (
          <li key={key} style={{ display: 'flex', alignItems: 'center', gap: 2 }}>
            <Badge appearance="outline" color="informative">{`${key}: ${value}`}</Badge>
            <Button
              size="small"
              appearance="subtle"
              aria-label={`Remove tag ${key}`}
              disabled={change.isPending}
              onClick={() => change.mutate({ [key]: null })}
            >
              ×
            </Button>
          </li>
        ))}
        {entries.length === 0 ? (
          <li>
            <Text>No tags.</Text>
          </li>
        ) : null}
      </ul>
      {adding === undefined ? (
        <Button size="small" onClick={() => setAdding({ key: '', value: '' })}>
          Add tag
        </Button>
      ) : (
        <form
          aria-label="Add a tag"
          style={{ display: 'flex', gap: 8, alignItems: 'flex-end', flexWrap: 'wrap' }}
          onSubmit={(event) => {
            event.preventDefault();
            change.mutate({ [adding.key.trim()]: adding.value });
          }}
        >
          <Field label="Key" required>
            <Input value={adding.key} onChange={(_e, d) => setAdding({ ...adding, key: d.value })} />
          </Field>
          <Field label="Value">
            <Input value={adding.value} onChange={(_e, d) => setAdding({ ...adding, value: d.value })} />
          </Field>
          <Button appearance="primary" type="submit" disabled={change.isPending || adding.key.trim() === ''}>
            Save tag
          </Button>
          <Button onClick={() => setAdding(undefined)}>Cancel</Button>
        </form>
      )}
      {change.error ? (
        <Text block role="alert" style={{ color: 'var(--colorPaletteRedForeground1)' }}>
          {change.error.message}
        </Text>
      ) : null}
    </div>
  );
}
