import { describe, expect, it } from 'vitest';
import { ApiError, dataOf } from './api';
import { fileUrl } from './components/asset-params';

/** An answer as openapi-fetch gives it: the parsed error body (or data) and the response. */
const answer = (status: number, body: { data?: unknown; error?: unknown }) => ({
  ...body,
  response: new Response(null, { status }),
});

describe('dataOf', () => {
  it('gives the data of a success', () => {
    expect(dataOf(answer(200, { data: { name: 'reg1' } }))).toEqual({ name: 'reg1' });
  });

  it('throws the server’s code and message, with the target and the filter column it names', () => {
    const refusal = {
      error: {
        code: 'FilterFieldUnknown',
        message: 'unknown field sise',
        target: 'filter',
        details: [{ code: 'FilterFieldUnknown', message: 'here', column: 26 }],
      },
    };
    const error = (() => {
      try {
        dataOf(answer(400, { error: refusal }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'FilterFieldUnknown',
      message: 'unknown field sise',
      where: { target: 'filter', column: 26 },
    });
  });

  it('names the status when the body is not the API’s error shape', () => {
    expect(() => dataOf(answer(502, { error: 'Bad Gateway' }))).toThrow('the server answered 502');
    expect(() => dataOf(answer(502, { error: 'Bad Gateway' }))).toThrow(expect.objectContaining({ code: 'Unknown' }));
  });
});

describe('fileUrl', () => {
  it('encodes each segment of a file path and keeps / as the separator', () => {
    expect(fileUrl('workspaces', 'data', 'team a', 'set#1', '2', 'dir/a b?.txt')).toBe(
      '/api/v1/workspaces/team%20a/data/set%231/versions/2/files/dir/a%20b%3F.txt',
    );
  });

  it('keeps a / in an asset name and a % in a file name inside their own segment', () => {
    const url = fileUrl('registries', 'models', 'reg1', '../../admin', '1', '%2e%2e/x');
    expect(url).toBe('/api/v1/registries/reg1/models/..%2F..%2Fadmin/versions/1/files/%252e%252e/x');
  });
});
