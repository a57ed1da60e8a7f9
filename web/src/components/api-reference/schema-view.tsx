import { makeStyles, tokens } from '@fluentui/react-components';
import { resolveRef, typeLabel, type OpenApiDocument, type Schema } from './openapi-model';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    paddingLeft: '16px',
    borderLeft: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  item: { padding: '2px 0' },
  name: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  type: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground2 },
  required: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  description: { color: tokens.colorNeutralForeground2 },
  summary: { cursor: 'pointer' },
});

/** Nesting shown at most; deeper schemas are named, not opened (the document's own schemas recur). */
const maxDepth = 6;

/** The properties of an object schema (or the variants of a union), nested, each with type and description. */
export function SchemaView({ document, schema }: { document: OpenApiDocument; schema: Schema }) {
  return <SchemaBody document={document} schema={schema} depth={0} seen={[]} />;
}

function SchemaBody({
  document,
  schema,
  depth,
  seen,
}: {
  document: OpenApiDocument;
  schema: Schema;
  depth: number;
  seen: string[];
}) {
  const styles = useStyles();
  if (depth > maxDepth) return null;
  if (schema.$ref) {
    const target = resolveRef(document, schema.$ref);
    if (target === undefined || seen.includes(schema.$ref)) return null;
    return <SchemaBody document={document} schema={target} depth={depth} seen={[...seen, schema.$ref]} />;
  }
  if (schema.items) return <SchemaBody document={document} schema={schema.items} depth={depth} seen={seen} />;
  const variants = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (variants && variants.some((variant) => variant.$ref || variant.properties)) {
    return (
      <ul className={styles.list}>
        {variants.map((variant, index) => (
          <li key={index} className={styles.item}>
            <span className={styles.type}>{schema.allOf ? 'all of: ' : 'one of: '}</span>
            <span className={styles.type}>{typeLabel(variant)}</span>
            <SchemaBody document={document} schema={variant} depth={depth + 1} seen={seen} />
          </li>
        ))}
      </ul>
    );
  }
  const properties = Object.entries(schema.properties ?? {});
  const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  if (properties.length === 0 && extra === undefined) return null;
  const required = new Set(schema.required ?? []);
  return (
    <ul className={styles.list}>
      {properties.map(([name, property]) => (
        <PropertyItem
          key={name}
          document={document}
          name={name}
          schema={property}
          required={required.has(name)}
          depth={depth}
          seen={seen}
        />
      ))}
      {extra && <PropertyItem document={document} name="*" schema={extra} required={false} depth={depth} seen={seen} />}
    </ul>
  );
}

function PropertyItem({
  document,
  name,
  schema,
  required,
  depth,
  seen,
}: {
  document: OpenApiDocument;
  name: string;
  schema: Schema;
  required: boolean;
  depth: number;
  seen: string[];
}) {
  const styles = useStyles();
  const nested = hasNested(document, schema);
  const line = (
    <>
      <span className={styles.name}>{name === '*' ? 'any key' : name}</span>{' '}
      <span className={styles.type}>{typeLabel(schema)}</span>
      {required && <span className={styles.required}> required</span>}
      {schema.description && <span className={styles.description}> — {schema.description}</span>}
      {constraints(schema) && <span className={styles.description}> ({constraints(schema)})</span>}
    </>
  );
  return (
    <li className={styles.item}>
      {nested && depth < maxDepth ? (
        // A reference (`Registry`) opens on demand: the document's schemas nest deep and recur.
        <details open={depth < 1 && !schema.$ref}>
          <summary className={styles.summary}>{line}</summary>
          <SchemaBody document={document} schema={schema} depth={depth + 1} seen={seen} />
        </details>
      ) : (
        line
      )}
    </li>
  );
}

function hasNested(document: OpenApiDocument, schema: Schema): boolean {
  const target = schema.$ref ? resolveRef(document, schema.$ref) : schema.items ? schema.items : schema;
  if (target === undefined) return false;
  if (target !== schema) return hasNested(document, target);
  return (
    Object.keys(schema.properties ?? {}).length > 0 ||
    typeof schema.additionalProperties === 'object' ||
    (schema.anyOf ?? schema.oneOf ?? schema.allOf ?? []).some((variant) => variant.$ref || variant.properties)
  );
}

/** Bounds worth knowing when filling a value: length, range, pattern, default. */
function constraints(schema: Schema): string {
  const parts: string[] = [];
  if (schema.minLength !== undefined || schema.maxLength !== undefined)
    parts.push(`length ${schema.minLength ?? 0}–${schema.maxLength ?? '∞'}`);
  if (schema.minimum !== undefined || schema.maximum !== undefined)
    parts.push(`${schema.minimum ?? '−∞'}–${schema.maximum ?? '∞'}`);
  if (schema.pattern) parts.push(`pattern ${schema.pattern}`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join(', ');
}
