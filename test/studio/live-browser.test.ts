import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, createVersion, digestOf, uploadBlob, type TestFile } from '../../src/testing/uploads.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, studioIndex, watchedPage } from './browser.js';

/**
 * Issue 17, a version page in Chromium: "Download all (.tar)" saves an archive that `tar` extracts to the
 * uploaded files, and the page follows state that changes under the user without a reload (a pending version
 * committed through the API; a replica region finishing its copy).
 */

const run = promisify(execFile);
const model = '/api/v1/registries/reg1/models/fraud';
const files: TestFile[] = [
  { path: 'README.md', bytes: Buffer.from('# fraud\n') },
  { path: 'model/weights.bin', bytes: bytesOf(300_000, 5) },
  { path: 'model/données/λ.json', bytes: Buffer.from('{"unicode":true}') },
];
/** A bounded wait for what polling brings (the page refreshes every 2 s while state changes). */
const live = { timeout: 20_000 };

describe('live version pages and whole-version downloads in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let scratch: string;

  before(async () => {
    assert.ok(existsSync(studioIndex), 'dist/studio is not built: run `npm run build`');
    scratch = await mkdtemp(join(tmpdir(), 'arca-live-'));
    server = await startTestServer({
      configYaml: 'regions:\n  westus:\n    driver: fs\n    path: ./west\n',
      env: { ARCA_JOB_RETRY_BASE_SECONDS: '0.5' },
    });
    const put = await server.api('PUT', '/api/v1/registries/reg1', { location: 'eastus' });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    const geo = await server.api('PUT', '/api/v1/registries/geo', {
      location: 'eastus',
      replication_locations: [{ location: 'eastus' }, { location: 'westus' }],
    });
    assert.equal((await server.waitForOperation(geo.headers.get('location') ?? '')).status, 'Succeeded');
    await createVersion(server, model, files);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  async function signedInPage() {
    const watched = await watchedPage(browser);
    await watched.page.emulateMedia({ reducedMotion: 'reduce' });
    await signIn(watched.page, server.url, server.token);
    return watched;
  }

  it('downloads the whole version as a tar that extracts to the uploaded files', { timeout: 60_000 }, async () => {
    const { page, problems } = await signedInPage();
    await page.goto(`${server.url}/registries/reg1/models/fraud/versions/1`);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download all (.tar)' }).click();
    const saved = await download;
    assert.equal(saved.suggestedFilename(), 'fraud-1.tar');
    const archive = join(scratch, 'fraud-1.tar');
    await saved.saveAs(archive);
    const target = await mkdtemp(join(scratch, 'x-'));
    await run('tar', ['-xf', archive, '-C', target]);
    const extracted = new Map<string, string>();
    for (const entry of await readdir(target, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      extracted.set(relative(target, full), digestOf(await readFile(full)));
    }
    assert.deepEqual(extracted, new Map(files.map((f) => [f.path, digestOf(f.bytes)])));
    assert.deepEqual(problems, []);
  });

  it(
    'turns a pending version ready without a reload when it is committed through the API',
    { timeout: 60_000 },
    async () => {
      const bytes = Buffer.from('committed later\n');
      const begin = await server.api('POST', '/api/v1/registries/reg1/models/late/versions', {
        files: [{ path: 'late.bin', size: bytes.length, digest: digestOf(bytes) }],
      });
      assert.equal(begin.status, 201);
      await uploadBlob(server, begin.body.upload_url, bytes);
      const { page, problems } = await signedInPage();
      await page.goto(`${server.url}/registries/reg1/models/late/versions/1`);
      const state = page.getByTestId('version-state');
      await state.getByText('pending').waitFor();
      const downloadAll = page.getByRole('button', { name: 'Download all (.tar)' });
      assert.match((await downloadAll.getAttribute('data-disabled-reason')) ?? '', /pending/);
      assert.match((await page.getByTestId('live-status').textContent()) ?? '', /· live$/);
      await checkPage(page, 'version-pending');
      assert.equal((await server.api('POST', '/api/v1/registries/reg1/models/late/versions/1/commit')).status, 200);
      await state.getByText('ready').waitFor(live);
      await page.getByRole('link', { name: 'Download all (.tar)' }).waitFor();
      assert.equal(await downloadAll.count(), 0, 'the disabled button gives way to the download link once it is ready');
      assert.doesNotMatch((await page.getByTestId('live-status').textContent()) ?? '', /live/, 'polling stops');
      assert.deepEqual(problems, []);
    },
  );

  it("refreshes an asset's versions list while a version it shows is pending", { timeout: 60_000 }, async () => {
    const bytes = Buffer.from('listed while pending\n');
    const base = '/api/v1/registries/reg1/models/listed';
    const begin = await server.api('POST', `${base}/versions`, {
      files: [{ path: 'p.bin', size: bytes.length, digest: digestOf(bytes) }],
    });
    assert.equal(begin.status, 201);
    await uploadBlob(server, begin.body.upload_url, bytes);
    const { page, problems } = await signedInPage();
    const filter = encodeURIComponent("state = 'pending'");
    await page.goto(`${server.url}/registries/reg1/models/listed?filter=${filter}`);
    const versions = page.getByRole('table', { name: 'Versions' });
    await versions.getByRole('row').filter({ hasText: 'pending' }).waitFor();
    assert.equal((await server.api('POST', `${base}/versions/1/commit`)).status, 200);
    // Committed, the version no longer matches the filter: the list drops it on its own.
    await page.getByText('No version matches this filter.').waitFor(live);
    assert.deepEqual(problems, []);
  });

  it("shows a replica region's copy finishing without a reload", { timeout: 90_000 }, async () => {
    // The replica's store is unreachable (a file where its directory was), so the copy fails and is retried.
    const west = join(server.dataDir, 'west');
    await rm(west, { recursive: true, force: true });
    await writeFile(west, 'not a directory for now');
    await createVersion(server, '/api/v1/registries/geo/models/spread', [{ path: 'w.bin', bytes: bytesOf(5000, 9) }]);
    const { page, problems } = await signedInPage();
    await page.goto(`${server.url}/registries/geo/models/spread/versions/1`);
    const regions = page.getByRole('table', { name: 'Regions of this version' });
    const westRow = regions.getByRole('row').filter({ hasText: 'westus' });
    await westRow.getByText(/^pending/).waitFor();
    // The store comes back: the next retry copies the blob, and the page says so on its own.
    await rm(west, { force: true });
    await westRow.getByText('replicated').waitFor(live);
    assert.doesNotMatch((await page.getByTestId('live-status').textContent()) ?? '', /live/, 'polling stops');
    assert.deepEqual(problems, []);
  });
});
