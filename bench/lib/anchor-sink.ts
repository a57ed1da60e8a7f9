/**
 * The transfer anchor: a bare node `http` server, run as its own process by the bench beside `arca
 * serve`. PUT /<name> streams the body through sha256 into `<dir>/<name>.upload`, fsyncs it (reopened once written), renames it
 * to `<dir>/<name>` and fsyncs the directory (what Arca's fs blob store does to commit a blob), then
 * answers `{"digest","size"}`; GET /<name> streams the file back with its length.
 *
 * `node anchor-sink.mjs '{"dir":"…"}'` prints `{"port":N}` once it listens on 127.0.0.1.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const { dir } = JSON.parse(process.argv[2] ?? '{}') as { dir: string };

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function put(req: IncomingMessage, res: ServerResponse, target: string): Promise<void> {
  const partial = `${target}.upload`;
  const file = createWriteStream(partial);
  // Attached in the same tick as the pipe, so every chunk that reaches the file passes the hash.
  const hash = createHash('sha256');
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  await pipeline(req, file);
  await fsyncPath(partial);
  await rename(partial, target);
  await fsyncPath(dir);
  const body = JSON.stringify({ digest: `sha256:${hash.digest('hex')}`, size });
  res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

async function get(res: ServerResponse, target: string): Promise<void> {
  const { size } = await stat(target);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  await pipeline(createReadStream(target), res);
}

const server = createServer((req, res) => {
  // One flat directory: the name is the path without its slash, and nothing that could leave it.
  const name = (req.url ?? '/').slice(1);
  const target = join(dir, name);
  const work = !/^[\w.-]+$/.test(name)
    ? Promise.reject(new Error(`bad name ${name}`))
    : req.method === 'PUT'
      ? put(req, res, target)
      : get(res, target);
  work.catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error));
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' ? address?.port : undefined })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
