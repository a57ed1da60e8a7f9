import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { sendAnyRequest, type AnyAnswer } from '../../api';
import { exampleOf, fillRequest, typeLabel, type OpenApiDocument, type Operation } from './openapi-model';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '8px', maxWidth: '720px' },
  body: { fontFamily: tokens.fontFamilyMonospace },
  answer: {
    margin: 0,
    padding: '8px',
    maxHeight: '420px',
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    fontFamily: tokens.fontFamilyMonospace,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
});

/** Shown of an answer's body at most: a blob download can be large, and this is a page, not a client. */
const shownBytes = 200_000;

/**
 * "Try it": the operation's parameters and body as a form, sent with the signed-in session (same origin,
 * the cookie, the CSRF header for a change) through the studio's one API client. No token is typed here;
 * the server decides the request like any other from the studio.
 */
export function TryIt({ document, operation }: { document: OpenApiDocument; operation: Operation }) {
  const styles = useStyles();
  const [values, setValues] = useState<Record<string, string>>({});
  const body = operation.requestBody;
  const json = body?.contentType === 'application/json';
  const [bodyText, setBodyText] = useState(() =>
    json ? JSON.stringify(exampleOf(document, body?.schema), null, 2) : '',
  );
  const [missing, setMissing] = useState<string[]>([]);
  const send = useMutation({
    mutationFn: async (): Promise<AnyAnswer> => {
      const filled = fillRequest(operation, values);
      if ('missing' in filled) {
        setMissing(filled.missing);
        throw new Error(`Fill in ${filled.missing.join(', ')} first.`);
      }
      setMissing([]);
      return sendAnyRequest({
        method: operation.method,
        ...filled.request,
        ...(body !== undefined && (bodyText.trim() !== '' || body.required)
          ? { body: bodyText, contentType: body.contentType }
          : {}),
      });
    },
  });
  const answer = send.data;
  return (
    <form
      className={styles.form}
      aria-label={`Try ${operation.summary}`}
      // fillRequest names every required field left empty; the browser's own check would stop at the first.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        send.mutate();
      }}
    >
      {operation.parameters
        .filter((parameter) => parameter.in !== 'cookie')
        .map((parameter) => {
          const key = `${parameter.in}:${parameter.name}`;
          const array = parameter.schema?.type === 'array';
          return (
            <Field
              key={key}
              label={`${parameter.name} (${parameter.in})`}
              required={parameter.required || parameter.in === 'path'}
              hint={[
                parameter.schema ? typeLabel(parameter.schema) : '',
                array ? 'comma-separated' : '',
                parameter.description ?? '',
              ]
                .filter(Boolean)
                .join(' · ')}
              validationState={missing.includes(parameter.name) ? 'error' : 'none'}
              validationMessage={missing.includes(parameter.name) ? 'Required' : undefined}
            >
              <Input
                value={values[key] ?? ''}
                onChange={(_event, data) => setValues((previous) => ({ ...previous, [key]: data.value }))}
              />
            </Field>
          );
        })}
      {body !== undefined && (
        <Field
          label={`Request body (${body.contentType})`}
          required={body.required}
          hint={json ? 'JSON; starts from the required properties' : 'Sent as typed'}
        >
          <Textarea
            className={styles.body}
            value={bodyText}
            resize="vertical"
            rows={Math.min(12, Math.max(3, bodyText.split('\n').length))}
            onChange={(_event, data) => setBodyText(data.value)}
          />
        </Field>
      )}
      <div>
        <Button type="submit" appearance="primary" disabled={send.isPending}>
          {send.isPending ? 'Sending…' : 'Send'}
        </Button>
      </div>
      {send.error && (
        <MessageBar intent="error">
          <MessageBarBody>{send.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {answer && (
        <section aria-label="Response" data-testid="try-it-response">
          <Text weight="semibold" block>
            <span data-testid="try-it-status">{answer.status}</span> {answer.statusText}
            {answer.contentType ? ` · ${answer.contentType}` : ''}
          </Text>
          <pre className={styles.answer} tabIndex={0} aria-label="Response body">
            {readable(answer)}
          </pre>
        </section>
      )}
    </form>
  );
}

/** JSON indented, anything else as text; both rendered as text, never as HTML. */
function readable(answer: AnyAnswer): string {
  const text = answer.text.length > shownBytes ? `${answer.text.slice(0, shownBytes)}\n…` : answer.text;
  if (!/json/.test(answer.contentType)) return text;
  try {
    return JSON.stringify(JSON.parse(answer.text), null, 2);
  } catch {
    return text;
  }
}
