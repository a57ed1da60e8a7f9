import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandling } from './errors.js';
import { lazySerializers, lazyValidator } from './lazy-schemas.js';
import { installValidation } from './validation.js';

/** One route with a body, a query and a response schema, validated and serialized the way the app does it. */
async function appWithSchemas(): Promise<FastifyInstance> {
  const app = Fastify({ schemaController: lazySerializers() });
  installValidation(app);
  installErrorHandling(app);
  app.post(
    '/things',
    {
      schema: {
        body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        querystring: { type: 'object', properties: { top: { type: 'integer', default: 10 } } },
        response: {
          200: { type: 'object', properties: { name: { type: 'string' }, top: { type: 'integer' } } },
        },
      },
    },
    async (request) => ({ ...(request.body as object), ...(request.query as object), secret: 'not in the schema' }),
  );
  await app.ready();
  return app;
}

describe('schemas compiled on first use', () => {
  it('compiles a validator on its first call, once, and passes its errors through', () => {
    let compiles = 0;
    const validate = lazyValidator(() => {
      compiles += 1;
      return new Ajv().compile({ type: 'string' });
    });
    assert.equal(compiles, 0);
    assert.equal(validate(3), false);
    assert.equal((validate.errors ?? [])[0]?.keyword, 'type');
    assert.equal(validate('three'), true);
    assert.equal(compiles, 1);
  });

  it('still refuses an invalid body with the field named, coerces the query and fills its defaults', async () => {
    const app = await appWithSchemas();
    const refused = await app.inject({ method: 'POST', url: '/things', payload: { name: 3 } });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().error.target, 'name');
    const coerced = await app.inject({ method: 'POST', url: '/things?top=5', payload: { name: 'a' } });
    assert.deepEqual(coerced.json(), { name: 'a', top: 5 });
    const defaulted = await app.inject({ method: 'POST', url: '/things', payload: { name: 'b' } });
    assert.deepEqual(defaulted.json(), { name: 'b', top: 10 });
    await app.close();
  });

  it('serializes responses through their schema, leaving out what the schema does not name', async () => {
    const app = await appWithSchemas();
    const response = await app.inject({ method: 'POST', url: '/things', payload: { name: 'c' } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, '{"name":"c","top":10}');
    await app.close();
  });
});
