import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, watchedPage } from './browser.js';

/** Issue 17: the audit log in the studio — filters in the URL, export, and verification with its result. */
describe('Studio audit log in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startTestServer();
    await server.api('PUT', '/api/v1/users/rita', {});
    await server.api('PUT', '/api/v1/users/sam', {});
    // A refusal, so the outcome filter has something to tell apart.
    await fetch(`${server.url}/api/v1/registries`, { headers: { authorization: 'Bearer arca_not_a_token' } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'filters by action and outcome through the URL, exports NDJSON and verifies the chain',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await watchedPage(browser);
      await signIn(page, server.url, server.token);
      await page.getByRole('link', { name: 'Audit log' }).click();
      const events = page.getByRole('table', { name: 'Audit events' });
      await events.getByText('principals/write').first().waitFor();
      await checkPage(page, 'audit');

      await page.getByRole('textbox', { name: 'Action' }).fill('principals/write');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForFunction(`new URLSearchParams(location.search).get('action') === 'principals/write'`);
      const rows = events.getByRole('row');
      // The header and the two user creations.
      await page.waitForFunction(`document.querySelectorAll('[aria-label="Audit events"] tbody tr').length === 2`);
      assert.equal(await rows.count(), 3);

      // The URL alone reproduces the view (a colleague's link), here with the refusals only.
      await page.goto(`${server.url}/audit?outcome=denied`);
      await events.getByText('authenticate').first().waitFor();
      assert.equal(await events.getByText('succeeded').count(), 0);

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export (NDJSON)' }).click();
      const lines = (await readFile((await (await download).path()) ?? '', 'utf8')).trim().split('\n');
      const exported = lines.map((line) => JSON.parse(line) as { action: string });
      assert.ok(
        exported.some((event) => event.action === 'principals/write'),
        'the export holds the user creations',
      );

      await page.getByRole('button', { name: 'Verify the chain' }).click();
      const result = page.getByTestId('verify-result');
      await result.getByText('The chain holds').waitFor();
      assert.match((await result.textContent()) ?? '', /\d+ events verified/);
      assert.deepEqual(problems, []);
    },
  );
});
