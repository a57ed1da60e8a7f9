import { Button, Field, Input } from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError } from '../api';

/**
 * The filter of a list, in the CLI's filter language (`tags.team = 'vision' and created > '2026-01-01'`).
 * Applied on Enter; the server's refusal of it shows under the box, pointing at the column it names.
 */
export function FilterBox({
  value,
  onApply,
  error,
  example,
}: {
  value: string | undefined;
  onApply: (filter: string | undefined) => void;
  /** The server's refusal of the filter (a `Filter…` error), shown under the box. */
  error: ApiError | null;
  example: string;
}) {
  const [text, setText] = useState(value ?? '');
  const [shownFor, setShownFor] = useState(value);
  if (shownFor !== value) {
    // The URL changed under the box (back, a link): show what it now says.
    setShownFor(value);
    setText(value ?? '');
  }
  const refused = error instanceof ApiError ? error : undefined;
  const column = refused?.where.column;
  return (
    <form
      role="search"
      aria-label="Filter"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(text.trim() === '' ? undefined : text.trim());
      }}
      style={{ display: 'flex', gap: 8, alignItems: 'flex-start', margin: '12px 0' }}
    >
      <Field
        label="Filter"
        hint={refused ? undefined : `The CLI's filter language, e.g. ${example}`}
        validationState={refused ? 'error' : 'none'}
        validationMessage={
          refused ? (
            <span data-testid="filter-error">
              {refused.message}
              {column !== undefined && value !== undefined ? <FilterCaret filter={value} column={column} /> : null}
            </span>
          ) : undefined
        }
        style={{ flexGrow: 1 }}
      >
        <Input value={text} onChange={(_e, d) => setText(d.value)} placeholder={example} />
      </Field>
      <Button type="submit" appearance="primary" style={{ marginTop: 26 }}>
        Apply
      </Button>
    </form>
  );
}

/** A refused filter with a caret under the 1-based column the server named. */
export function FilterCaret({ filter, column }: { filter: string; column: number }) {
  return (
    <pre data-testid="filter-caret" aria-label={`at column ${column}`} style={{ margin: '4px 0 0' }}>
      {`${filter}\n${' '.repeat(Math.max(0, column - 1))}^`}
    </pre>
  );
}
