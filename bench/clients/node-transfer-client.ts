/**
 * A minimal model client, run as its own process by the asset-transfer benchmark while `arca model
 * create/download` do not exist yet: it does what the CLI must (hash, begin, upload the missing blobs
 * through sessions, commit; download and verify), with node's own http and fs only, so it can be
 * transpiled and run by plain `node` with no loader in its memory or start-up time.
 *
 * `node node-transfer-client.mjs '<json request>'` prints one JSON result on stdout.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { Agent, request, type IncomingMessage } from 'node:http';
import { dirname, join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';

interface Common {
  server: string;
  token: string;
  workspace: string;
  name: string;
}

interface CreateRequest extends Common {
  command: 'create';
  dir: string;
  /** Bytes per PATCH: each chunk is one request whose body streams from the file. */
  patchBytes: number;
  /** highWaterMark of the file read streams. */
  readBytes: number;
}

interface DownloadRequest extends Common {
  command: 'download';
  version: string;
  dir: string;
  readBytes: number;
}

interface FileEntry {
  path: string;
  size: number;
  digest: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** One request; the body (a stream or a JSON value) is sent whole, the answer read whole unless `stream`. */
function send(
  req: Common,
  method: string,
  path: string,
  options: { json?: unknown; body?: NodeJS.ReadableStream; length?: number; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: unknown }> {
  const url = new URL(path, req.server);
  const json = options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
  const headers: Record<string, string> = {
    authorization: `Bearer ${req.token}`,
    'content-length': String(json?.length ?? options.length ?? 0),
    ...(json === undefined
      ? options.body === undefined
        ? {}
        : { 'content-type': 'application/octet-stream' }
      : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
      });
    });
    outgoing.on('error', reject);
    if (json !== undefined) outgoing.end(json);
    else if (options.body !== undefined) options.body.on('error', reject).pipe(outgoing);
    else outgoing.end();
  });
}

function expect(status: number, answer: { status: number; body: unknown }, what: string): void {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

async function hashFile(path: string, readBytes: number): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: readBytes })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

/** The peak resident set of this process so far, MiB (from /proc; NaN elsewhere). */
async function selfPeakRssMiB(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const kib = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  return kib === undefined ? NaN : Number(kib) / 1024;
}

function modelPath(req: Common): string {
  return `/api/v1/workspaces/${encodeURIComponent(req.workspace)}/models/${encodeURIComponent(req.name)}`;
}

async function create(req: CreateRequest) {
  const t0 = performance.now();
  const files: FileEntry[] = [];
  for (const path of await listFiles(req.dir))
    files.push({ path, ...(await hashFile(join(req.dir, path), req.readBytes)) });
  const t1 = performance.now();
  const begin = await send(req, 'POST', `${modelPath(req)}/versions`, { json: { files } });
  if (begin.status !== 201 && begin.status !== 200) expect(201, begin, 'begin');
  const answer = begin.body as {
    version: { version: string };
    missing: { digest: string; size: number }[];
    upload_url: string;
  };
  const t2 = performance.now();
  let uploadedBytes = 0;
  let patches = 0;
  let finishMs = 0;
  for (const missing of answer.missing) {
    const file = files.find((f) => f.digest === missing.digest);
    if (file === undefined) throw new Error(`the server asked for ${missing.digest}, which no file has`);
    const started = await send(req, 'POST', answer.upload_url);
    expect(202, started, 'upload start');
    const location = started.headers.location ?? '';
    for (let offset = 0; offset < file.size; offset += req.patchBytes) {
      const end = Math.min(file.size, offset + req.patchBytes) - 1;
      const body = createReadStream(join(req.dir, file.path), { start: offset, end, highWaterMark: req.readBytes });
      const patch = await send(req, 'PATCH', location, {
        body,
        length: end - offset + 1,
        headers: { 'content-range': `${offset}-${end}` },
      });
      expect(202, patch, `PATCH ${file.path} at ${offset}`);
      patches += 1;
    }
    const finishing = performance.now();
    const finish = await send(req, 'PUT', `${location}?digest=${encodeURIComponent(file.digest)}`);
    expect(201, finish, `finish ${file.path}`);
    finishMs += performance.now() - finishing;
    uploadedBytes += file.size;
  }
  const t3 = performance.now();
  const commit = await send(
    req,
    'POST',
    `${modelPath(req)}/versions/${encodeURIComponent(answer.version.version)}/commit`,
  );
  expect(200, commit, 'commit');
  const t4 = performance.now();
  const total = files.reduce((sum, f) => sum + f.size, 0);
  return {
    version: answer.version.version,
    uploadedBytes,
    reusedBytes: total - uploadedBytes,
    files: files.length,
    patches,
    timingsMs: { hash: t1 - t0, begin: t2 - t1, upload: t3 - t2, finishPuts: finishMs, commit: t4 - t3 },
    peakRssMiB: await selfPeakRssMiB(),
  };
}

async function download(req: DownloadRequest) {
  const t0 = performance.now();
  const shown = await send(req, 'GET', `${modelPath(req)}/versions/${encodeURIComponent(req.version)}`);
  expect(200, shown, 'show version');
  const files = (shown.body as { files: FileEntry[] }).files;
  let bytes = 0;
  for (const file of files) {
    const target = join(req.dir, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const path = file.path.split('/').map(encodeURIComponent).join('/');
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      request(
        new URL(`${modelPath(req)}/versions/${encodeURIComponent(req.version)}/files/${path}`, req.server),
        { agent, headers: { authorization: `Bearer ${req.token}` } },
        resolve,
      )
        .on('error', reject)
        .end();
    });
    if (response.statusCode !== 200) throw new Error(`GET ${file.path} answered ${response.statusCode}`);
    const hash = createHash('sha256');
    await pipeline(
      response,
      async function* verify(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(target, { highWaterMark: req.readBytes }),
    );
    const digest = `sha256:${hash.digest('hex')}`;
    if (digest !== file.digest) throw new Error(`${file.path} arrived as ${digest}, expected ${file.digest}`);
  }
  return {
    files: files.length,
    bytes,
    timingsMs: { total: performance.now() - t0 },
    peakRssMiB: await selfPeakRssMiB(),
  };
}

const input = JSON.parse(process.argv[2] ?? '{}') as CreateRequest | DownloadRequest;
try {
  const result = input.command === 'create' ? await create(input) : await download(input);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  agent.destroy();
}
