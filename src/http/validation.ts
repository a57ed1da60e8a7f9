import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { lazyValidator } from './lazy-schemas.js';

const common: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };

/**
 * Bodies are validated strictly (a number is not a string, null is not ""), while query strings and
 * path parameters, which arrive as text, are coerced to the types their schemas declare.
 */
export function installValidation(app: FastifyInstance): void {
  const compile = validatorCompiler();
  app.setValidatorCompiler(({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) =>
    lazyValidator(() => compile(schema, httpPart)),
  );
}

/** Compiles one part's schema now, as the app does on the part's first request (tests compile every route's up front). */
export function validatorCompiler(): (schema: FastifySchema, httpPart?: string) => ValidateFunction {
  const strict = addFormats.default(new Ajv({ ...common, coerceTypes: false }));
  const coercing = addFormats.default(new Ajv({ ...common, coerceTypes: 'array' }));
  return (schema, httpPart) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}
