/**
 * The part of an OpenAPI 3.1 document the API reference reads (the server's `/api/v1/openapi.json`), and
 * the pure functions over it: operations grouped by tag, `$ref` resolution, an example body, the request
 * a "Try it" form describes. No I/O here.
 */

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Schema;
}

export interface MediaContent {
  schema?: Schema;
}

export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, MediaContent> };
  responses?: Record<string, { description?: string; content?: Record<string, MediaContent> }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

export const httpMethods = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** One operation, flattened: what the page lists and what "Try it" sends. */
export interface Operation {
  /** operationId, or `METHOD path` when the document gives none: unique within the document. */
  id: string;
  method: HttpMethod;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; contentType: string; schema?: Schema };
  responses: { status: string; description: string; contentType?: string; schema?: Schema }[];
}

export interface TagGroup {
  tag: string;
  operations: Operation[];
}

/** Every operation of the document, grouped by its first tag, in the document's order. */
export function operationsByTag(document: OpenApiDocument): TagGroup[] {
  const groups = new Map<string, Operation[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (operation === undefined) continue;
      const tag = operation.tags?.[0] ?? 'other';
      const body = operation.requestBody;
      const [contentType, media] = Object.entries(body?.content ?? {})[0] ?? [];
      const flat: Operation = {
        id: operation.operationId ?? `${method.toUpperCase()} ${path}`,
        method,
        path,
        tag,
        summary: operation.summary ?? `${method.toUpperCase()} ${path}`,
        ...(operation.description ? { description: operation.description } : {}),
        parameters: operation.parameters ?? [],
        ...(contentType !== undefined
          ? { requestBody: { required: body?.required ?? false, contentType, ...withSchema(media) } }
          : {}),
        responses: Object.entries(operation.responses ?? {}).map(([status, response]) => {
          const [type, content] = Object.entries(response.content ?? {})[0] ?? [];
          return {
            status,
            description: response.description ?? '',
            ...(type !== undefined ? { contentType: type, ...withSchema(content) } : {}),
          };
        }),
      };
      groups.set(tag, [...(groups.get(tag) ?? []), flat]);
    }
  }
  return [...groups].map(([tag, operations]) => ({ tag, operations }));
}

function withSchema(media: MediaContent | undefined): { schema?: Schema } {
  return media?.schema !== undefined ? { schema: media.schema } : {};
}

/** Whether an operation matches the words typed in the filter (summary, path, method, id, tag; case-insensitive). */
export function operationMatches(operation: Operation, filter: string): boolean {
  const haystack =
    `${operation.summary} ${operation.method} ${operation.path} ${operation.id} ${operation.tag}`.toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** The name a local `$ref` points at (`#/components/schemas/Registry` → `Registry`). */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** The schema a local `$ref` names, or undefined when the document has none by that name. */
export function resolveRef(document: OpenApiDocument, ref: string): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  return typeof node === 'object' && node !== null ? (node as Schema) : undefined;
}

/** A short type label: `string (date-time)`, `array of Registry`, `integer`, `one of …`. */
export function typeLabel(schema: Schema): string {
  if (schema.$ref) return refName(schema.$ref);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const labels = [...new Set(variants.map(typeLabel))];
    return labels.length === 1 ? (labels[0] ?? '') : labels.join(' | ');
  }
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type === 'array') return `array of ${schema.items ? typeLabel(schema.items) : 'any'}`;
  if (type === undefined) return schema.properties ? 'object' : 'any';
  return schema.format ? `${type} (${schema.format})` : type;
}

/**
 * A JSON value of the schema's shape to start a request body from: required properties only, strings as
 * their enum's first value or their type, numbers at their minimum. References are followed once.
 */
export function exampleOf(document: OpenApiDocument, schema: Schema | undefined, seen = new Set<string>()): unknown {
  if (schema === undefined) return {};
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return {};
    return exampleOf(document, resolveRef(document, schema.$ref), new Set([...seen, schema.$ref]));
  }
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const variant = (schema.anyOf ?? schema.oneOf ?? schema.allOf)?.[0];
  if (variant) return exampleOf(document, variant, seen);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return schema.format === 'date-time' ? new Date(0).toISOString() : 'string';
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'null':
      return null;
    default: {
      const required = new Set(schema.required ?? []);
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([name]) => required.has(name))
          .map(([name, property]) => [name, exampleOf(document, property, seen)]),
      );
    }
  }
}

/** What "Try it" sends: the path with its parameters filled in, the query, the headers. */
export interface FilledRequest {
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
}

/**
 * The request a form's values describe, or the names of the required parameters left empty. Path values
 * are URL-encoded; an array query parameter takes comma-separated values (sent as the parameter repeated).
 */
export function fillRequest(
  operation: Operation,
  values: Record<string, string>,
): { request: FilledRequest } | { missing: string[] } {
  const missing: string[] = [];
  const query: Record<string, string | string[]> = {};
  const headers: Record<string, string> = {};
  let path = operation.path;
  for (const parameter of operation.parameters) {
    const value = (values[`${parameter.in}:${parameter.name}`] ?? '').trim();
    if (value === '') {
      if (parameter.required || parameter.in === 'path') missing.push(parameter.name);
      continue;
    }
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
    else if (parameter.in === 'query')
      query[parameter.name] =
        parameter.schema?.type === 'array'
          ? value
              .split(',')
              .map((part) => part.trim())
              .filter(Boolean)
          : value;
    else if (parameter.in === 'header') headers[parameter.name] = value;
  }
  return missing.length > 0 ? { missing } : { request: { path, query, headers } };
}
