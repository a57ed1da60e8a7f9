import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, watchedPage } from './browser.js';

/** Issue 17: jobs and maintenance in the studio — the job list, a GC dry run and a consistency check with reports. */
describe('Studio jobs page in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let readOnlyToken: string;

  before(async () => {
    server = await startTestServer();
    const put = await server.api('PUT', '/api/v1/registries/reg1', {
      location: 'eastus',
      replication_locations: [{ location: 'eastus' }, { location: 'westus' }],
    });
    await server.waitForOperation(put.headers.get('location') ?? '');
    await createVersion(server, '/api/v1/registries/reg1/models/fraud', [
      { path: 'model.onnx', bytes: Buffer.from('weights') },
    ]);
    await server.api('PUT', '/api/v1/users/rita', {});
    await server.api('POST', '/api/v1/role-assignments', { role: 'Owner', user: 'rita' });
    readOnlyToken = (await server.api('POST', '/api/v1/users/rita/tokens', { name: 'ro', read_only: true })).body.token;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'lists the replication jobs, filters by state, and shows the GC and consistency reports',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await watchedPage(browser);
      await signIn(page, server.url, server.token);
      await page.getByRole('link', { name: 'Jobs' }).click();
      const jobs = page.getByRole('table', { name: 'Jobs' });
      await jobs.getByText('replicate').first().waitFor();
      await checkPage(page, 'jobs');

      await page.getByRole('combobox', { name: 'State' }).selectOption('failed');
      await page.getByText('No jobs.').waitFor();

      await page.getByRole('button', { name: 'Garbage collection: dry run' }).click();
      const report = page.getByRole('table', { name: 'Garbage collection report' });
      await report.getByRole('cell', { name: 'eastus' }).waitFor();
      await report.getByRole('columnheader', { name: 'Would remove' }).waitFor();

      await page.getByRole('button', { name: 'Check consistency' }).click();
      await page
        .getByTestId('fsck-report')
        .getByText(/^Consistent: /)
        .waitFor();
      await checkPage(page, 'jobs-reports');
      assert.deepEqual(problems, []);
    },
  );

  it('offers a read-only session no way to collect garbage', { timeout: 60_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, readOnlyToken);
    await page.goto(`${server.url}/jobs`);
    const collect = page.getByRole('button', { name: 'Collect garbage now' });
    await collect.waitFor();
    assert.equal(await collect.isEnabled(), false);
    assert.match((await collect.getAttribute('data-disabled-reason')) ?? '', /read-only/);
    assert.deepEqual(problems, []);
  });
});
