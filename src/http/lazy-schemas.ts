// Schemas compile when a route first uses them, not at start-up: compiling every route's validators
// and serializers up front was most of `arca serve`'s time to ready, for routes most processes never call.

import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

type FastifyValidationResult = ReturnType<FastifySchemaCompiler<unknown>>;

/**
 * A validator that compiles on its first call. Fastify reads `schemaEnv` (to let Ajv coerce a root
 * value in place) and `errors` (after a failed call) from the function it holds, so both pass through.
 */
export function lazyValidator(compile: () => ValidateFunction): FastifyValidationResult {
  let compiled: ValidateFunction | undefined;
  const validator = (): ValidateFunction => (compiled ??= compile());
  const lazy = (data: unknown, context?: Parameters<ValidateFunction>[1]): boolean => validator()(data, context);
  Object.defineProperties(lazy, {
    errors: { get: () => validator().errors },
    schemaEnv: { get: () => validator().schemaEnv },
  });
  return lazy;
}

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;
type SerializerFactory = NonNullable<NonNullable<SchemaController['compilersFactory']>['buildSerializer']>;
type SerializerCompiler = ReturnType<SerializerFactory>;
type Serializer = ReturnType<SerializerCompiler>;

/** Fastify's own default serializer factory (fast-json-stringify), as Fastify itself would load it. */
export function fastifyDefaultSerializerFactory(): SerializerFactory {
  const fromFastify = createRequire(import.meta.resolve('fastify'));
  const selector = fromFastify('@fastify/fast-json-stringify-compiler') as () => SerializerFactory;
  return selector();
}

/** Fastify's default response serializers, each compiled on the first response that needs it. */
export function lazySerializers(): SchemaController {
  let factory: SerializerFactory | undefined;
  const buildSerializer: SerializerFactory = (externalSchemas, options) => {
    let compiler: SerializerCompiler | undefined;
    return (route) => {
      let serializer: Serializer | undefined;
      return (data) => {
        compiler ??= (factory ??= fastifyDefaultSerializerFactory())(externalSchemas, options);
        serializer ??= compiler(route);
        return serializer(data);
      };
    };
  };
  return { compilersFactory: { buildSerializer } };
}

/**
 * A route's serializer compiler that compiles nothing: `JSON.stringify`, for responses whose handler builds
 * exactly the documented shape. Probes use it (their first answer must not wait for a compiler), and
 * large list pages (V8's native stringify writes one flat string; a compiled serializer concatenates
 * field by field and validates every `anyOf` member, several times the page's size in garbage).
 */
export const stringifyResponses = () => (data: unknown) => JSON.stringify(data);
