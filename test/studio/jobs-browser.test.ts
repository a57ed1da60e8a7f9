import { strict as assert } from 'node:assert';
import { mkdir, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, watchedPage } from './browser.js';

/**
 * Issue 17: jobs and operations in the studio — the job list, a GC dry run and a consistency check with
 * reports, and operations cancelled and retried.
 */
describe('Studio jobs page in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let readOnlyToken: string;

  before(async () => {
    // Each region takes a moment to provision, so a running creation can be cancelled from the page.
    server = await startTestServer({ blobFaults: { provisionDelayMs: 1_000 } });

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

  it(
    'cancels a running registry creation from the operations table, then retries it to the end',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await watchedPage(browser);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(page, server.url, server.token);
      const put = await server.api('PUT', '/api/v1/registries/slowreg', {
        location: 'eastus',
        replication_locations: [{ location: 'eastus' }, { location: 'westus' }, { location: 'northeurope' }],
      });
      assert.equal(put.status, 202);
      await page.goto(`${server.url}/jobs`);
      const operations = page.getByRole('table', { name: 'Operations' });
      const cancel = page.getByRole('button', { name: 'Cancel scope.provision of registry slowreg' });
      await cancel.click();
      const retry = page.getByRole('button', { name: 'Retry scope.provision of registry slowreg' });
      await retry.waitFor();
      const row = operations.getByRole('row').filter({ hasText: 'slowreg' });
      await row.getByText('Canceled', { exact: true }).waitFor();
      await row.getByText(/^OperationCanceled: operation /).waitFor();
      await checkPage(page, 'jobs-operations');
      await retry.click();
      await row.getByText('Succeeded', { exact: true }).waitFor({ timeout: 30_000 });
      const shown = await server.api('GET', '/api/v1/registries/slowreg');
      assert.equal(shown.body.provisioning_state, 'Succeeded');
      assert.deepEqual(
        shown.body.replication_locations.map((r: { provisioning_state: string }) => r.provisioning_state),
        ['Succeeded', 'Succeeded', 'Succeeded'],
      );
      // The target links to its registry's page.
      await row.getByRole('link', { name: 'registry slowreg' }).click();
      await page.waitForURL(`${server.url}/registries/slowreg`);
      assert.deepEqual(problems, []);
    },
  );

  it('offers a read-only session no way to collect garbage or retry an operation', { timeout: 60_000 }, async () => {
    // A registry whose only region cannot be made (a file stands where its directory goes): it stays Failed.
    await mkdir(`${server.dataDir}/regions`, { recursive: true });
    await writeFile(`${server.dataDir}/regions/brokenregion`, 'a file where a directory should be');
    const broken = await server.api('PUT', '/api/v1/registries/broken', { location: 'brokenregion' });
    assert.equal((await server.waitForOperation(broken.headers.get('location') ?? '')).status, 'Failed');
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, readOnlyToken);
    await page.goto(`${server.url}/jobs`);
    const collect = page.getByRole('button', { name: 'Collect garbage now' });
    await collect.waitFor();
    assert.equal(await collect.isEnabled(), false);
    assert.match((await collect.getAttribute('data-disabled-reason')) ?? '', /read-only/);
    // Nor to retry the failed creation of registry broken.
    const retry = page.getByRole('button', { name: 'Retry scope.provision of registry broken' });
    await retry.waitFor();
    assert.equal(await retry.isEnabled(), false);
    assert.match((await retry.getAttribute('data-disabled-reason')) ?? '', /read-only token \(registries\/write\)/);
    assert.deepEqual(problems, []);
  });
});
