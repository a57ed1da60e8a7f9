import { Accordion, Field, Input, Link as FluentLink, makeStyles, Text, Title2 } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { api, dataOf } from '../api';
import { OperationView } from '../components/api-reference/operation-view';
import {
  operationMatches,
  operationsByTag,
  type OpenApiDocument,
  type TagGroup,
} from '../components/api-reference/openapi-model';
import { QueryState } from '../components/states';

const documentPath = '/api/v1/openapi.json';

const useStyles = makeStyles({
  layout: { display: 'grid', gridTemplateColumns: '180px 1fr', gap: '24px', alignItems: 'start' },
  tags: { position: 'sticky', top: '12px', display: 'flex', flexDirection: 'column', gap: '2px' },
  tagLink: { padding: '2px 0' },
  group: { marginBottom: '24px' },
  filter: { maxWidth: '480px', margin: '12px 0' },
});

/** The server's OpenAPI document, asked once per visit: it describes every route and is a few megabytes. */
async function fetchDocument(): Promise<OpenApiDocument> {
  // The document's own route is not in the typed paths (it describes them).
  const result = (await api.request('get', documentPath as never)) as {
    data?: unknown;
    error?: unknown;
    response: Response;
  };
  return dataOf(result) as OpenApiDocument;
}

/**
 * The API reference (issue 17): every operation of the server's OpenAPI document, grouped by tag, with its
 * parameters, request and response schemas, and "Try it" sent with the signed-in session.
 */
export function ApiReferencePage() {
  const document = useQuery({ queryKey: ['openapi-document'], queryFn: fetchDocument, staleTime: Infinity });
  return (
    <section aria-labelledby="docs-title">
      <Title2 as="h1" id="docs-title" block>
        API reference
      </Title2>
      <QueryState query={document}>{(loaded) => <Reference document={loaded} />}</QueryState>
    </section>
  );
}

function Reference({ document }: { document: OpenApiDocument }) {
  const styles = useStyles();
  const groups = useMemo(() => operationsByTag(document), [document]);
  const [filter, setFilter] = useState('');
  const deferred = useDeferredValue(filter);
  const shown: TagGroup[] = useMemo(
    () =>
      groups
        .map((group) => ({ ...group, operations: group.operations.filter((op) => operationMatches(op, deferred)) }))
        .filter((group) => group.operations.length > 0),
    [groups, deferred],
  );
  const count = shown.reduce((sum, group) => sum + group.operations.length, 0);
  // The operation opened last is in the URL (`?op=listRegistries`): the address bar links to it.
  const search = useSearch({ strict: false }) as { op?: unknown };
  const linked = typeof search.op === 'string' ? search.op : undefined;
  const navigate = useNavigate();
  const [open, setOpen] = useState<string[]>(() => (linked ? [linked] : []));
  const toggle = (id: string) => {
    const opening = !open.includes(id);
    setOpen(opening ? [...open, id] : open.filter((other) => other !== id));
    void navigate({
      to: '.',
      search: ((prev: Record<string, unknown>) => ({ ...prev, op: opening ? id : undefined })) as never,
      replace: true,
      // Opening an operation keeps the page where it is.
      resetScroll: false,
    });
  };
  useEffect(() => {
    if (linked) window.document.getElementById(`op-${linked}`)?.scrollIntoView();
    // Only on arrival: later toggles change the URL, not the scroll.
  }, []);
  return (
    <>
      <Text block>
        {document.info.title} {document.info.version}: every route of this server, from its OpenAPI document (
        <FluentLink href={documentPath} download="openapi.json">
          download openapi.json
        </FluentLink>
        ). <strong>Try it</strong> sends the request as you, with this session: what you may not do is refused as
        anywhere else, and changes are real.
      </Text>
      <Field
        className={styles.filter}
        label="Find an operation"
        hint={`${count} of ${groups.reduce((sum, group) => sum + group.operations.length, 0)} operations`}
      >
        <Input
          type="search"
          value={filter}
          onChange={(_event, data) => setFilter(data.value)}
          placeholder="list registries, PUT workspaces, /v2/"
        />
      </Field>
      <div className={styles.layout}>
        <nav aria-label="Tags" className={styles.tags}>
          {shown.map((group) => (
            <FluentLink key={group.tag} href={`#tag-${group.tag}`} className={styles.tagLink}>
              {group.tag} ({group.operations.length})
            </FluentLink>
          ))}
        </nav>
        <div>
          {shown.map((group) => (
            <section key={group.tag} aria-labelledby={`tag-${group.tag}`} className={styles.group}>
              <Title2 as="h2" id={`tag-${group.tag}`} block>
                {group.tag}
              </Title2>
              <Accordion multiple collapsible openItems={open} onToggle={(_event, data) => toggle(String(data.value))}>
                {group.operations.map((operation) => (
                  <OperationView key={operation.id} document={document} operation={operation} />
                ))}
              </Accordion>
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
