import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv';
import type { Options, ValidateFunction } from 'ajv';
import type AjvFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema, FastifyServerOptions } from 'fastify';
import { lazyValidator } from './lazy-schemas.js';

type ValidatorFactory = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

const common: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };

/**
 * Bodies are validated strictly (a number is not a string, null is not ""), while query strings and
 * path parameters, which arrive as text, are coerced to the types their schemas declare.
 */
export function installValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(lazyRouteValidators());
}

/**
 * The same validation as Fastify's validator factory (`schemaController.compilersFactory.buildValidator`):
 * given there, Fastify never loads its own Ajv compiler.
 */
export function lazyValidatorFactory(): ValidatorFactory {
  const compile = lazyRouteValidators();
  return () => compile;
}

/** Each route part's validator compiles on its first request; the Ajv instances, on the first of all. */
function lazyRouteValidators(): ({ schema, httpPart }: { schema: unknown; httpPart?: string }) => ValidateFunction {
  let compile: ReturnType<typeof validatorCompiler> | undefined;
  return ({ schema, httpPart }) =>
    lazyValidator(() => (compile ??= validatorCompiler())(schema as FastifySchema, httpPart)) as ValidateFunction;
}

/** Compiles one part's schema now, as the app does on the part's first request (tests compile every route's up front). */
export function validatorCompiler(): (schema: FastifySchema, httpPart?: string) => ValidateFunction {
  // Ajv (seventy modules, CommonJS) loads with the first validation, not with the server.
  const load = createRequire(import.meta.url);
  const { Ajv } = load('ajv') as typeof AjvModule;
  const addFormats = load('ajv-formats') as typeof AjvFormats;
  const strict = addFormats.default(new Ajv({ ...common, coerceTypes: false }));
  const coercing = addFormats.default(new Ajv({ ...common, coerceTypes: 'array' }));
  return (schema, httpPart) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}
