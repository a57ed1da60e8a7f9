import {
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  makeStyles,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { typeLabel, type HttpMethod, type OpenApiDocument, type Operation } from './openapi-model';
import { SchemaView } from './schema-view';
import { TryIt } from './try-it';

const useStyles = makeStyles({
  header: { display: 'flex', alignItems: 'baseline', gap: '8px', flexWrap: 'wrap' },
  method: { minWidth: '64px', fontFamily: tokens.fontFamilyMonospace },
  path: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  panel: { display: 'flex', flexDirection: 'column', gap: '12px', padding: '8px 0 16px 8px' },
  description: { whiteSpace: 'pre-wrap' },
  parameter: { margin: '4px 0' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground2 },
});

const methodColor: Record<HttpMethod, 'brand' | 'success' | 'warning' | 'danger' | 'informative'> = {
  get: 'brand',
  head: 'informative',
  options: 'informative',
  post: 'success',
  put: 'warning',
  patch: 'warning',
  delete: 'danger',
};

/** One operation: its method and path as the header; opened, what it takes and answers, and "Try it". */
export function OperationView({ document, operation }: { document: OpenApiDocument; operation: Operation }) {
  const styles = useStyles();
  return (
    <AccordionItem value={operation.id} id={`op-${operation.id}`}>
      <AccordionHeader as="h3">
        <span className={styles.header}>
          <Badge className={styles.method} appearance="filled" color={methodColor[operation.method]}>
            {operation.method.toUpperCase()}
          </Badge>{' '}
          <span className={styles.path}>{operation.path}</span> <span>{operation.summary}</span>
        </span>
      </AccordionHeader>
      <AccordionPanel>
        <div className={styles.panel} data-operation={operation.id}>
          {operation.description && (
            <Text block className={styles.description}>
              {operation.description}
            </Text>
          )}
          <Text block size={200} className={styles.muted}>
            Operation <span className={styles.mono}>{operation.id}</span>
          </Text>
          {operation.parameters.length > 0 && (
            <section>
              <Title3 as="h4" block>
                Parameters
              </Title3>
              <ul>
                {operation.parameters.map((parameter) => (
                  <li key={`${parameter.in}:${parameter.name}`} className={styles.parameter}>
                    <span className={styles.mono}>{parameter.name}</span> <span>({parameter.in})</span>{' '}
                    {parameter.schema && <span className={styles.mono}>{typeLabel(parameter.schema)}</span>}
                    {parameter.required && <span> required</span>}
                    {parameter.description && <span className={styles.muted}> — {parameter.description}</span>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {operation.requestBody && (
            <section>
              <Title3 as="h4" block>
                Request body <span className={styles.muted}>({operation.requestBody.contentType})</span>
              </Title3>
              {operation.requestBody.schema && <SchemaView document={document} schema={operation.requestBody.schema} />}
            </section>
          )}
          <section>
            <Title3 as="h4" block>
              Responses
            </Title3>
            <ul>
              {operation.responses.map((response) => (
                <li key={response.status} className={styles.parameter}>
                  <span className={styles.mono}>{response.status}</span>{' '}
                  {response.description !== 'Default Response' && <span>{response.description} </span>}
                  {response.contentType && <span className={styles.muted}>{response.contentType} </span>}
                  {response.schema && <span className={styles.mono}>{typeLabel(response.schema)}</span>}
                  {response.schema && <SchemaView document={document} schema={response.schema} />}
                </li>
              ))}
            </ul>
          </section>
          <section>
            <Title3 as="h4" block>
              Try it
            </Title3>
            <TryIt document={document} operation={operation} />
          </section>
        </div>
      </AccordionPanel>
    </AccordionItem>
  );
}
