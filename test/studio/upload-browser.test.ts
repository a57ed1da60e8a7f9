import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page, Request, Route } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, digestOf } from '../../src/testing/uploads.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, watchedPage } from './browser.js';

/**
 * Issue 17, upload from the browser in Chromium: a folder becomes a version through the CLI's protocol
 * (hashed in a worker, only missing blobs sent, chunked), a second upload sends only what changed, an upload
 * reloaded mid-way continues from the offset the server holds, Cancel leaves no version, and a Reader is
 * refused by the page and by the server.
 */

const chunk = 8 * 1024 * 1024;
const registry = '/api/v1/registries/reg1';

/** A folder on disk with these files (paths relative to it). */
function folder(root: string, name: string, files: Record<string, Buffer | string>): string {
  const dir = join(root, name);
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return dir;
}

/** The start of a `Content-Range: <start>-<end>` a PATCH carried, and its length. */
function rangeOf(request: Request): { start: number; length: number } {
  const [start, end] = (request.headers()['content-range'] ?? '').split('-').map(Number);
  return { start: start ?? Number.NaN, length: (end ?? Number.NaN) - (start ?? Number.NaN) + 1 };
}

const isChunk = (request: Request) =>
  request.method() === 'PATCH' && /\/api\/v1\/registries\/reg1\/uploads\//.test(request.url());

/**
 * Lets the first chunk of a blob uploaded to reg1 through and holds its second: `held` resolves with its route
 * (never continued unless the test does), `sessionUrl()` is the session the chunks went to.
 */
async function holdSecondChunk(page: Page): Promise<{ held: Promise<Route>; sessionUrl: () => string }> {
  let sessionUrl = '';
  let heldChunk: (route: Route) => void = () => {};
  const held = new Promise<Route>((resolve) => (heldChunk = resolve));
  // Several blobs go at once: count chunks per session, and hold the first session's second one.
  const seen = new Map<string, number>();
  await page.route('**/api/v1/registries/reg1/uploads/*', (route) => {
    if (!isChunk(route.request())) return route.continue();
    const url = route.request().url();
    const count = (seen.get(url) ?? 0) + 1;
    seen.set(url, count);
    if (count < 2 || sessionUrl !== '') return route.continue();
    sessionUrl = url;
    heldChunk(route);
    return undefined;
  });
  return { held, sessionUrl: () => sessionUrl };
}

describe('uploading from the browser in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let root: string;
  let readerToken: string;

  /** Audit events of an action (the server's own record of what it received). */
  async function audited(action: string): Promise<any[]> {
    const answer = await server.api('GET', `/api/v1/audit?action=${encodeURIComponent(action)}&top=1000`);
    assert.equal(answer.status, 200);
    return answer.body.value;
  }

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'arca-upload-browser-'));
    server = await startTestServer();
    const put = await server.api('PUT', '/api/v1/registries/reg1', { location: 'eastus' });
    await server.waitForOperation(put.headers.get('location') ?? '');
    await server.api('PUT', '/api/v1/users/rita', {});
    await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user: 'rita', registry: 'reg1' });
    readerToken = (await server.api('POST', '/api/v1/users/rita/tokens', { name: 'studio' })).body.token;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function signedInPage(token = server.token) {
    const watched = await watchedPage(browser);
    // Without motion, a button under the pointer has its settled colours when axe reads the page.
    await watched.page.emulateMedia({ reducedMotion: 'reduce' });
    await signIn(watched.page, server.url, token);
    return watched;
  }

  /** Names the model, picks the folder and presses the button (Upload, or Resume upload). */
  async function pickFolder(page: Page, dir: string) {
    await page.getByTestId('folder-input').setInputFiles(dir);
    await page.getByTestId('picked').waitFor();
  }

  it(
    'uploads a folder as a version, then a second upload with one file changed sends that file only',
    { timeout: 60_000 },
    async () => {
      const dir = folder(root, 'fraud', {
        'model/weights.bin': bytesOf(300_000, 1),
        'config.json': '{"layers": 3}\n',
        'README.md': '# fraud\n',
      });
      const { page, problems } = await signedInPage();
      await page.goto(`${server.url}/registries/reg1/models`);
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.waitForURL(/\/registries\/reg1\/upload\/models$/);
      await page.getByRole('textbox', { name: 'Model name' }).fill('fraud');
      await pickFolder(page, dir);
      assert.match((await page.getByTestId('picked').textContent()) ?? '', /^3 files/);
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      const result = page.getByTestId('upload-result');
      await result.getByText('Version fraud:1 is ready').waitFor();
      assert.match((await result.textContent()) ?? '', /0 files already stored, skipped/);
      await checkPage(page, 'upload');

      const version = await server.api('GET', `${registry}/models/fraud/versions/1`);
      assert.equal(version.body.state, 'ready');
      assert.deepEqual(version.body.files.map((f: { path: string }) => f.path).sort(), [
        'README.md',
        'config.json',
        'model/weights.bin',
      ]);
      await result.getByRole('link', { name: 'fraud:1' }).click();
      await page.waitForURL(/\/registries\/reg1\/models\/fraud\/versions\/1$/);
      const files = page.getByRole('table', { name: 'Files' });
      await files.getByText('config.json').waitFor();
      await files.getByText('weights.bin').waitFor();

      // The second upload starts from the asset's page, for a new version of it.
      writeFileSync(join(dir, 'README.md'), '# fraud, retrained\n');
      const finishedBefore = (await audited('uploads/finish')).length;
      const chunks: Request[] = [];
      page.on('request', (request) => {
        if (isChunk(request)) chunks.push(request);
      });
      await page.goto(`${server.url}/registries/reg1/models/fraud`);
      await page.getByRole('button', { name: 'Upload a version' }).click();
      await page.waitForURL(/\/registries\/reg1\/upload\/models\?asset=fraud$/);
      assert.equal(await page.getByRole('textbox', { name: 'Model name' }).inputValue(), 'fraud');
      await pickFolder(page, dir);
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await result.getByText('Version fraud:2 is ready').waitFor();
      assert.match((await result.textContent()) ?? '', /2 files already stored, skipped/);
      assert.equal(chunks.length, 1, 'one chunk: the changed README only');
      assert.deepEqual(rangeOf(chunks[0]!), { start: 0, length: Buffer.byteLength('# fraud, retrained\n') });
      const finished = (await audited('uploads/finish')).slice(finishedBefore);
      assert.deepEqual(
        finished.map((e) => e.details.digest),
        [digestOf(Buffer.from('# fraud, retrained\n'))],
        'the server received one blob',
      );

      // The same folder once more: the latest version already is it, so nothing is sent and no version made.
      await pickFolder(page, dir);
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await result.getByText('already has these files: no new version was made').waitFor();
      assert.match((await result.textContent()) ?? '', /The latest version fraud:2 already has these files/);
      assert.equal(chunks.length, 1, 'no chunk sent');
      const versions = await server.api('GET', `${registry}/models/fraud/versions`);
      assert.deepEqual(versions.body.value.map((v: { version: string }) => v.version).sort(), ['1', '2']);
      assert.deepEqual(problems, []);
    },
  );

  it(
    'takes files dropped on the drop zone as a data version, each under its own name',
    { timeout: 60_000 },
    async () => {
      const { page, problems } = await signedInPage();
      await page.goto(`${server.url}/registries/reg1/upload/data`);
      await page.getByRole('textbox', { name: 'Data name' }).fill('notes');
      // A drop as the browser makes it for two files from a file manager (a folder cannot be made up in a page).
      const dataTransfer = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['first\\n'], 'a.txt'));
      transfer.items.add(new File(['second\\n'], 'b.txt'));
      return transfer;
    })()`);
      await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
      await page
        .getByTestId('picked')
        .getByText(/^2 files/)
        .waitFor();
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await page.getByTestId('upload-result').getByText('Version notes:1 is ready').waitFor();
      const version = await server.api('GET', `${registry}/data/notes/versions/1`);
      assert.deepEqual(
        version.body.files.map((f: { path: string; digest: string }) => [f.path, f.digest]),
        [
          ['a.txt', digestOf(Buffer.from('first\n'))],
          ['b.txt', digestOf(Buffer.from('second\n'))],
        ],
      );
      assert.deepEqual(problems, []);
    },
  );

  it(
    'continues an upload after a reload from the offset the server holds, sending no acknowledged byte twice',
    { timeout: 60_000 },
    async () => {
      const weights = bytesOf(3 * chunk, 7);
      const dir = folder(root, 'large', { 'weights.bin': weights, 'notes.txt': 'large model\n' });
      const { page, problems } = await signedInPage();
      await page.goto(`${server.url}/registries/reg1/upload/models`);
      await page.getByRole('textbox', { name: 'Model name' }).fill('large');
      await pickFolder(page, dir);

      // Every chunk the server acknowledged, over both page loads.
      const acknowledged: { start: number; length: number }[] = [];
      page.on('response', (response) => {
        if (isChunk(response.request()) && response.status() === 202) acknowledged.push(rangeOf(response.request()));
      });
      // The first chunk goes through; the second is held, and the page reloaded while it is.
      const hold = await holdSecondChunk(page);
      const startsBefore = (await audited('uploads/start')).length;
      // Blobs go several at once: the small file gets through while the large one's chunk is held.
      const smallSent = page.waitForResponse(
        (response) =>
          isChunk(response.request()) && response.status() === 202 && rangeOf(response.request()).length < 100,
      );
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await hold.held;
      await smallSent;
      const session = await server.api('GET', new URL(hold.sessionUrl()).pathname);
      assert.equal(session.body.offset, chunk, 'the server holds the first chunk');
      await page.reload();
      await page.unrouteAll({ behavior: 'ignoreErrors' });

      const interrupted = page.getByTestId('interrupted');
      await interrupted.getByText(/An upload of reg1\/large \(version 1, 2 files\) was interrupted/).waitFor();
      await pickFolder(page, dir);
      assert.match((await page.getByTestId('picked').textContent()) ?? '', /the files of the interrupted upload/);
      await page.getByRole('button', { name: 'Resume upload' }).click();
      const result = page.getByTestId('upload-result');
      await result.getByText('Version large:1 is ready').waitFor();
      assert.match((await result.textContent()) ?? '', /8\.0 MiB had been sent before the interruption/);

      const big = acknowledged.filter((r) => r.length > 100);
      assert.deepEqual(
        big.map((r) => r.start),
        [0, chunk, 2 * chunk],
        'after the reload the upload went on at the offset the server held',
      );
      assert.equal(
        big.reduce((sum, r) => sum + r.length, 0),
        weights.length,
        'each byte of the large file reached the server once',
      );
      const starts = (await audited('uploads/start')).slice(startsBefore);
      assert.equal(starts.length, 2, 'one session per blob: the interrupted session was resumed, not started again');
      const version = await server.api('GET', `${registry}/models/large/versions/1`);
      assert.equal(version.body.state, 'ready');
      assert.equal(
        version.body.files.find((f: { path: string }) => f.path === 'weights.bin').digest,
        digestOf(weights),
      );
      assert.equal(await interrupted.count(), 0, 'nothing is left to resume');
      assert.deepEqual(problems, []);
    },
  );

  it('cancels an upload in flight: its session is removed and no version is made', { timeout: 60_000 }, async () => {
    const dir = folder(root, 'dropped', { 'weights.bin': bytesOf(3 * chunk, 11) });
    const { page, problems } = await signedInPage();
    await page.goto(`${server.url}/registries/reg1/upload/models`);
    await page.getByRole('textbox', { name: 'Model name' }).fill('dropped');
    await pickFolder(page, dir);
    const hold = await holdSecondChunk(page);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const route = await hold.held;
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Upload cancelled: no version was made.').waitFor();
    await route.abort().catch(() => undefined);
    await page.unrouteAll({ behavior: 'ignoreErrors' });

    const sessionPath = new URL(hold.sessionUrl()).pathname;
    const session = await server.api('GET', sessionPath);
    assert.equal(session.status, 404, 'the session and its bytes are gone');
    const cancelled = (await audited('uploads/cancel')).filter((e) => e.target.endsWith(sessionPath.split('/').pop()!));
    assert.equal(cancelled.length, 1);
    assert.equal(cancelled[0].details.bytes, chunk);
    const versions = await server.api('GET', `${registry}/models/dropped/versions`);
    const ready = versions.status === 404 ? [] : versions.body.value;
    assert.deepEqual(ready, [], 'no version is listed');
    await page.reload();
    await page.getByRole('heading', { name: 'Upload a model' }).waitFor();
    assert.equal(await page.getByTestId('interrupted').count(), 0, 'a cancelled upload is not offered for resuming');
    assert.deepEqual(problems, []);
  });

  it('shows a Reader the Upload button disabled with the reason, and the server refuses the upload', async () => {
    const { page, problems } = await signedInPage(readerToken);
    await page.goto(`${server.url}/registries/reg1/models`);
    const button = page.getByRole('button', { name: 'Upload' });
    await button.waitFor();
    assert.match(
      (await button.getAttribute('data-disabled-reason')) ?? '',
      /registries\/assets\/write on registry reg1/,
    );
    await page.goto(`${server.url}/registries/reg1/upload/models`);
    await page.getByText(/You cannot upload here: You need the permission registries\/assets\/write/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Choose folder…' }).isDisabled(), true);

    const asReader = { authorization: `Bearer ${readerToken}` };
    const begin = await server.api(
      'POST',
      `${registry}/models/fraud/versions`,
      { files: [{ path: 'x', size: 1, digest: digestOf(Buffer.from('x')) }] },
      asReader,
    );
    assert.equal(begin.status, 403);
    assert.equal(begin.body.error.code, 'Forbidden');
    const start = await server.api('POST', `${registry}/uploads`, undefined, asReader);
    assert.equal(start.status, 403);
    assert.equal(start.body.error.code, 'Forbidden');
    assert.deepEqual(problems, []);
  });
});
