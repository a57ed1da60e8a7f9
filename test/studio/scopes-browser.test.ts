import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, watchedPage } from './browser.js';

/** Issue 17: a registry's tabs — members (there and inherited from the organisation) and its activity. */
describe('Studio scope tabs in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    // Two configured regions: westus is added and removed through the page, northeurope is only offered.
    server = await startTestServer({
      configYaml:
        'regions:\n  northeurope:\n    driver: fs\n    path: ./north\n  westus:\n    driver: fs\n    path: ./west\n',
    });
    for (const name of ['reg1', 'reg2']) {
      const put = await server.api('PUT', `/api/v1/registries/${name}`, { location: 'eastus' });
      await server.waitForOperation(put.headers.get('location') ?? '');
    }
    await server.api('PATCH', '/api/v1/registries/reg2', { description: 'the other one' });
    await server.api('PATCH', '/api/v1/registries/reg1', { description: 'fraud models' });
    await createVersion(server, '/api/v1/registries/reg1/models/fraud', [{ path: 'w', bytes: Buffer.alloc(2048, 7) }]);
    await server.api('PUT', '/api/v1/users/nora', {});
    await server.api('PUT', '/api/v1/users/olga', {});
    await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user: 'olga' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'lists the members of a registry with the organisation’s marked inherited, assigns one there and removes it',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await watchedPage(browser);
      await signIn(page, server.url, server.token);
      await page.goto(`${server.url}/registries/reg1`);
      await page.getByRole('tab', { name: 'Members' }).click();
      await page.waitForURL(/\/registries\/reg1\?tab=members$/);
      const members = page.getByRole('table', { name: 'Members of reg1' });
      const olga = members.getByRole('row').filter({ hasText: 'user:olga' });
      await olga.getByText('inherited from the organisation').waitFor();
      assert.equal(await olga.getByRole('button', { name: /^Remove/ }).count(), 0);

      await page.getByRole('combobox', { name: 'Role' }).selectOption('Contributor');
      await page.getByRole('textbox', { name: 'Assignee' }).fill('nora');
      await page.getByRole('button', { name: 'Assign' }).click();
      const remove = members.getByRole('button', { name: 'Remove Contributor of user:nora at registry:reg1' });
      await remove.waitFor();
      const atReg1 = async () =>
        (await server.api('GET', '/api/v1/role-assignments?registry=reg1')).body.value.map(
          (a: { role: string; assignee: string }) => `${a.role} ${a.assignee}`,
        );
      assert.deepEqual(await atReg1(), ['Contributor user:nora']);
      await checkPage(page, 'registry-members');

      await remove.click();
      await remove.waitFor({ state: 'detached' });
      assert.deepEqual(await atReg1(), []);
      assert.deepEqual(problems, []);
    },
  );

  it('shows the audit events of the registry only, on a tab that a link reopens', { timeout: 90_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, server.token);
    await page.goto(`${server.url}/registries/reg1`);
    await page.getByRole('tab', { name: 'Activity' }).click();
    await page.waitForURL(/\/registries\/reg1\?tab=activity$/);
    const events = page.getByRole('table', { name: 'Audit events' });
    await events.getByRole('cell', { name: 'arca://registries/reg1', exact: true }).first().waitFor();
    const targets = await events.locator('tbody tr td:nth-child(5)').allTextContents();
    assert.ok(targets.length >= 2, `the create and the update of reg1: ${targets.join(', ')}`);
    assert.ok(
      targets.every((t) => t === 'arca://registries/reg1' || t.startsWith('arca://registries/reg1/')),
      targets.join(', '),
    );
    await checkPage(page, 'registry-activity');

    await page.getByRole('textbox', { name: 'Action' }).fill('registries/write');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/action=registries%2Fwrite/);
    await page.reload();
    assert.equal(await page.getByRole('tab', { name: 'Activity' }).getAttribute('aria-selected'), 'true');
    await events.getByRole('cell', { name: 'registries/write', exact: true }).first().waitFor();
    assert.deepEqual(problems, []);
  });

  it(
    'adds a configured region, shows it catch up, and removes it only once its name is typed in the dialog',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await watchedPage(browser);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(page, server.url, server.token);
      await page.goto(`${server.url}/registries/reg1`);
      const regions = page.getByRole('table', { name: 'Regions' });
      await regions.getByRole('cell', { name: '1 of 1 versions; up to date' }).waitFor();
      assert.deepEqual(
        await page.locator('#addable-regions option').evaluateAll((o) => o.map((e) => e.getAttribute('value'))),
        ['northeurope', 'westus'],
      );

      await page.getByRole('combobox', { name: 'Region to add' }).fill('westus');
      await page.getByRole('button', { name: 'Add region' }).click();
      const west = regions.getByRole('row').filter({ hasText: 'westus' });
      await west.getByRole('cell', { name: '1 of 1 versions; up to date' }).waitFor({ timeout: 30_000 });
      await west.getByRole('cell', { name: '1 files, 2.0 KiB' }).waitFor();
      const registry = async () =>
        (await server.api('GET', '/api/v1/registries/reg1')).body.replication_locations.map(
          (r: { location: string }) => r.location,
        );
      assert.deepEqual(await registry(), ['eastus', 'westus']);

      await page.getByRole('button', { name: 'Remove region westus…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Remove region westus from reg1?' });
      await dialog.getByText('The copies in westus of 1 of 1 versions will be deleted: 1 files, 2.0 KiB.').waitFor();
      const confirm = dialog.getByRole('button', { name: 'Remove westus' });
      assert.equal(await confirm.isDisabled(), true);
      await dialog.getByRole('textbox', { name: 'Type westus to confirm' }).fill('westu');
      assert.equal(await confirm.isDisabled(), true);
      await checkPage(page, 'registry-remove-region');
      await dialog.getByRole('textbox', { name: 'Type westus to confirm' }).fill('westus');
      await confirm.click();
      await dialog.waitFor({ state: 'detached', timeout: 30_000 });
      await west.waitFor({ state: 'detached' });
      assert.deepEqual(await registry(), ['eastus']);
      assert.deepEqual(problems, []);
    },
  );

  it("opens a workspace's Activity from a link, with the workspace's events only", { timeout: 90_000 }, async () => {
    const put = await server.api('PUT', '/api/v1/workspaces/ws1', { location: 'eastus' });
    await server.waitForOperation(put.headers.get('location') ?? '');
    await server.api('PATCH', '/api/v1/workspaces/ws1', { tags: { team: 'vision' } });
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, server.token);
    await page.goto(`${server.url}/workspaces/ws1?tab=activity`);
    assert.equal(await page.getByRole('tab', { name: 'Activity' }).getAttribute('aria-selected'), 'true');
    const events = page.getByRole('table', { name: 'Audit events' });
    await events.getByRole('cell', { name: 'arca://workspaces/ws1', exact: true }).first().waitFor();
    const targets = await events.locator('tbody tr td:nth-child(5)').allTextContents();
    assert.deepEqual([...new Set(targets)], ['arca://workspaces/ws1']);
    await page.getByRole('tab', { name: 'Members' }).click();
    await page.waitForURL(/\/workspaces\/ws1\?tab=members$/);
    await page.getByRole('table', { name: 'Members of ws1' }).waitFor();
    assert.deepEqual(problems, []);
  });
});
