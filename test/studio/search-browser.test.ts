import { strict as assert } from 'node:assert';
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, studioIndex, watchedPage } from './browser.js';

/** Issue 17: the header's search, the results page, advanced (filter) search, and starred items on home. */
describe('Studio search and home in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let narrowToken: string;

  before(async () => {
    assert.ok(existsSync(studioIndex), 'dist/studio is not built: run `npm run build`');
    server = await startTestServer();
    for (const path of ['/api/v1/workspaces/team-a', '/api/v1/workspaces/team-b']) {
      const put = await server.api('PUT', path, { location: 'eastus' });
      await server.waitForOperation(put.headers.get('location') ?? '');
    }
    const file = [{ path: 'w', bytes: Buffer.from('w') }];
    await createVersion(server, '/api/v1/workspaces/team-a/models/fraud', file);
    await server.api('PATCH', '/api/v1/workspaces/team-a/models/fraud', {
      description: 'Catches card skimming',
      tags: { stage: 'production-eu' },
    });
    await createVersion(server, '/api/v1/workspaces/team-b/models/churn', file);
    await server.api('PATCH', '/api/v1/workspaces/team-b/models/churn', { tags: { stage: 'production-us' } });
    const token = await server.api('POST', '/api/v1/users/admin/tokens', {
      name: 'narrow',
      workspace: 'team-a',
      read_only: true,
    });
    narrowToken = token.body.token;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'finds a model by tag value and by description from the header box (/ focuses it)',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await watchedPage(browser);
      await signIn(page, server.url, server.token);
      await page.keyboard.press('/');
      await page.keyboard.type('production');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/search\?q=production/);
      const assets = page.getByRole('list', { name: /Assets/ });
      await assets.getByRole('link', { name: 'team-a/fraud' }).waitFor();
      await assets.getByRole('link', { name: 'team-b/churn' }).waitFor();
      await page.getByText('model · tag stage=production-eu').waitFor();
      await checkPage(page, 'search');
      await page.goto(`${server.url}/search?q=${encodeURIComponent('card SKIMMING')}`);
      await page.getByRole('link', { name: 'team-a/fraud' }).click();
      await page.getByRole('heading', { name: 'fraud' }).waitFor();
      assert.deepEqual(problems, []);
    },
  );

  it('shows a read-only token narrowed to one workspace nothing of the other', { timeout: 90_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, narrowToken);
    await page.goto(`${server.url}/search?q=production`);
    await page.getByRole('link', { name: 'team-a/fraud' }).waitFor();
    assert.equal(await page.getByText('team-b').count(), 0);
    await page.goto(`${server.url}/search?q=churn`);
    await page.getByText('Nothing you may read matches').waitFor();
    assert.deepEqual(problems, []);
  });

  it("shows the filter error of advanced search under the filter's column", { timeout: 90_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, server.token);
    await page.goto(`${server.url}/search?mode=advanced&family=workspaces&scope=team-a&segment=models`);
    await page.getByLabel('Filter').fill("tags.stage = 'production-eu'");
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('list', { name: 'Matching assets' }).getByRole('link', { name: 'fraud' }).waitFor();
    await checkPage(page, 'advanced search');
    await page.getByLabel('Filter').fill("tags.stage = = 'x'");
    await page.getByRole('button', { name: 'Search' }).click();
    const caret = page.getByTestId('filter-caret');
    await caret.waitFor();
    const [line, marks] = ((await caret.textContent()) ?? '').split('\n');
    assert.equal(line, "tags.stage = = 'x'");
    assert.equal(marks, '             ^');
    // The refused list request is the one console line expected here.
    assert.deepEqual(
      problems.filter((p) => !p.includes('status of 400')),
      [],
    );
  });

  it('keeps a starred asset and the visited pages on home after a reload', { timeout: 90_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, server.token);
    await checkPage(page, 'home');
    await page.goto(`${server.url}/workspaces/team-a/models/fraud`);
    await page.getByRole('button', { name: 'Star team-a/fraud' }).click();
    assert.equal(await page.getByRole('button', { name: 'Star team-a/fraud' }).getAttribute('aria-pressed'), 'true');
    await page.goto(`${server.url}/`);
    await page.reload();
    const starred = page.getByRole('list', { name: 'Starred' });
    await starred.getByRole('link', { name: 'team-a/fraud' }).click();
    await page.getByRole('heading', { name: 'fraud' }).waitFor();
    await page.goto(`${server.url}/`);
    await page.getByRole('list', { name: 'Recent' }).getByRole('link', { name: 'team-a/fraud' }).waitFor();
    await checkPage(page, 'home');
    assert.deepEqual(problems, []);
  });

  it('creates a registry through the wizard after rejecting a bad name inline', { timeout: 90_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    // The pointer rests on the next step's button after each click: without motion its hover colour is settled
    // when axe reads it (mid-transition it measured a contrast that no settled state has).
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await signIn(page, server.url, server.token);
    await page.goto(`${server.url}/registries`);
    await page.getByRole('button', { name: 'New registry' }).click();
    await page.getByRole('heading', { name: 'New registry' }).waitFor();
    await page.getByLabel('Name').fill('bad name');
    await page.getByText(`registry name "bad name" is invalid: it contains " "`).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Next: regions' }).isDisabled(), true);
    await checkPage(page, 'new registry');
    await page.getByLabel('Name').fill('wizard-reg');
    await page.getByLabel('Description').fill('Made by the wizard');
    await page.getByRole('button', { name: 'Next: regions' }).click();
    await page.getByLabel('Primary region').fill('eastus');
    await page.getByLabel('Replica regions').fill('westeurope');
    await page.getByRole('button', { name: 'Next: review' }).click();
    const yaml = (await page.getByTestId('registry-yaml').textContent()) ?? '';
    assert.match(
      yaml,
      /location: "eastus"\nreplication_locations:\n {2}- location: "eastus"\n {2}- location: "westeurope"/,
    );
    await checkPage(page, 'new registry review');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Succeeded').waitFor({ timeout: 30_000 });
    const created = await server.api('GET', '/api/v1/registries/wizard-reg');
    assert.equal(created.status, 200);
    assert.equal(created.body.description, 'Made by the wizard');
    assert.deepEqual(
      created.body.replication_locations.map((r: { location: string }) => r.location),
      ['eastus', 'westeurope'],
    );
    await page.getByRole('link', { name: 'wizard-reg' }).click();
    await page.getByRole('heading', { name: 'wizard-reg' }).waitFor();
    assert.deepEqual(problems, []);
  });

  it(
    'shows a creation whose region cannot be made with its reason, and sends the user to Jobs to retry it',
    { timeout: 90_000 },
    async () => {
      // A file stands where the region's directory goes: provisioning that region fails.
      await mkdir(`${server.dataDir}/regions`, { recursive: true });
      await writeFile(`${server.dataDir}/regions/wizardbroken`, 'a file where a directory should be');
      const { page, problems } = await watchedPage(browser);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(page, server.url, server.token);
      await page.goto(`${server.url}/registries/new`);
      await page.getByLabel('Name').fill('half-made');
      await page.getByRole('button', { name: 'Next: regions' }).click();
      await page.getByLabel('Primary region').fill('eastus');
      await page.getByLabel('Replica regions').fill('wizardbroken');
      await page.getByRole('button', { name: 'Next: review' }).click();
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByText('StorageUnavailable').waitFor({ timeout: 30_000 });
      await page
        .getByText(/wizardbroken/)
        .first()
        .waitFor();
      await page.getByRole('link', { name: 'Jobs' }).last().click();
      await page.getByRole('button', { name: 'Retry scope.provision of registry half-made' }).waitFor();
      assert.deepEqual(problems, []);
    },
  );
});
