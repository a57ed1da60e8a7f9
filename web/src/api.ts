import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../../src/sdk/openapi-types';

/** The one way the studio speaks to the server: the client typed by the OpenAPI document. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });

export type Schemas = components['schemas'];
export type ApiPaths = paths;
export type StudioSession = paths['/api/v1/sessions/current']['get']['responses'][200]['content']['application/json'];

let csrfToken: string | undefined;
/** Remembers the CSRF value of the signed-in session (kept in memory only, never in storage). */
export function useCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(request.method))
      request.headers.set('X-Arca-CSRF', csrfToken);
    return request;
  },
};
api.use(csrf);

/** A request of any operation in the OpenAPI document, as the API reference's "Try it" builds it. */
export interface AnyRequest {
  method: string;
  /** The path with its parameters filled in (`/api/v1/registries/reg1`). */
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** The body as typed (JSON text, or any text for an octet-stream body). */
  body?: string;
  contentType?: string;
}

/** The answer to an `AnyRequest`: the status and the body as text, whatever its type. */
export interface AnyAnswer {
  status: number;
  statusText: string;
  contentType: string;
  text: string;
}

/**
 * Sends a request the typed paths cannot name in advance (the API reference's "Try it") through the same
 * client: same origin, the session cookie, and the CSRF header from the middleware.
 */
export async function sendAnyRequest(request: AnyRequest): Promise<AnyAnswer> {
  const result: { error?: unknown; response: Response } = await api.request(
    request.method.toLowerCase() as 'get',
    request.path as never,
    {
      params: { query: request.query ?? {} },
      headers: {
        ...request.headers,
        ...(request.body !== undefined ? { 'content-type': request.contentType ?? 'application/json' } : {}),
      },
      ...(request.body !== undefined ? { body: request.body as never, bodySerializer: (body: string) => body } : {}),
      // A success's body is read here, as text; an error's openapi-fetch has read (and parsed, when JSON).
      parseAs: 'stream',
    } as never,
  );
  const { response, error } = result;
  const text = response.bodyUsed
    ? typeof error === 'string'
      ? error
      : error === undefined
        ? ''
        : JSON.stringify(error)
    : await response.text();
  return {
    status: response.status,
    statusText: response.statusText,
    contentType: response.headers.get('content-type') ?? '',
    text,
  };
}

/** An error answer of the API, with its catalogue code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** What the error is about (`filter`, `orderBy`, …) and, for a filter, the 1-based column it points at. */
    readonly where: { target?: string; column?: number } = {},
  ) {
    super(message);
  }
}

/** The data of an answer, or an `ApiError` thrown with the server's code and message. */
export function dataOf<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) throw apiErrorOf(result);
  return result.data;
}

/** Checks an answer without a body (`204 No Content`), throwing the server's error as `dataOf` does. */
export function doneOf(result: { error?: unknown; response: Response }): void {
  if (result.error !== undefined || !result.response.ok) throw apiErrorOf(result);
}

function apiErrorOf(result: { error?: unknown; response: Response }): ApiError {
  const body = result.error as
    { error?: { code?: string; message?: string; target?: string; details?: { column?: unknown }[] } } | undefined;
  const column = body?.error?.details?.find((d) => typeof d.column === 'number')?.column as number | undefined;
  return new ApiError(
    result.response.status,
    body?.error?.code ?? 'Unknown',
    body?.error?.message ?? `the server answered ${result.response.status}`,
    { ...(body?.error?.target ? { target: body.error.target } : {}), ...(column ? { column } : {}) },
  );
}

export type ScopeFamily = 'registries' | 'workspaces';
export type AssetSegment = 'models' | 'data' | 'environments' | 'components';
export const assetSegments: AssetSegment[] = ['models', 'data', 'environments', 'components'];

type ListOf<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': { value: (infer T)[] } } } } };
}
  ? T
  : never;
/** An asset and a version as the lists give them (the same for every asset type). */
export type AssetView = ListOf<'/api/v1/registries/{scope}/models'>;
export type VersionView = ListOf<'/api/v1/registries/{scope}/models/{name}/versions'>;
