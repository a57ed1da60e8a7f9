/**
 * The plain client of the transfer anchor, run as its own process like `arca`: node's own http and fs,
 * one keep-alive connection, one request per file, one file after another. `put` streams each file
 * into a PUT and checks the digest the sink answers; `get` streams each response through sha256 into a
 * file (verified while writing, never read again) and checks the digest.
 *
 * `node anchor-client.mjs '{"url","command","files":[{"name","path","digest"}]}'` prints `{"bytes":N}`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Agent, request, type IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';

interface SinkFile {
  name: string;
  path: string;
  digest: string;
}

interface ClientRequest {
  url: string;
  command: 'put' | 'get';
  files: SinkFile[];
}

const job = JSON.parse(process.argv[2] ?? '{}') as ClientRequest;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function send(method: string, name: string, headers: Record<string, string | number>) {
  const req = request(`${job.url}/${name}`, { method, agent, headers });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  return { req, response };
}

async function text(res: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of res) body += String(chunk);
  return body;
}

async function putFile(file: SinkFile): Promise<number> {
  const { size } = await stat(file.path);
  const { req, response } = send('PUT', file.name, { 'content-length': size });
  await pipeline(createReadStream(file.path), req);
  const res = await response;
  const body = await text(res);
  const answered = (JSON.parse(body) as { digest?: string }).digest;
  if (res.statusCode !== 201 || answered !== file.digest)
    throw new Error(`PUT ${file.name} answered ${res.statusCode}: ${body} (expected ${file.digest})`);
  return size;
}

async function getFile(file: SinkFile): Promise<number> {
  const { req, response } = send('GET', file.name, {});
  req.end();
  const res = await response;
  if (res.statusCode !== 200) throw new Error(`GET ${file.name} answered ${res.statusCode}: ${await text(res)}`);
  const hash = createHash('sha256');
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  await pipeline(res, createWriteStream(file.path));
  const digest = `sha256:${hash.digest('hex')}`;
  if (digest !== file.digest) throw new Error(`GET ${file.name} gave ${digest}, expected ${file.digest}`);
  return size;
}

let bytes = 0;
for (const file of job.files) bytes += await (job.command === 'put' ? putFile(file) : getFile(file));
agent.destroy();
process.stdout.write(`${JSON.stringify({ bytes })}\n`);
