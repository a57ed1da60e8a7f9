import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, watchedPage } from './browser.js';

/** Issue 17: access in the studio — add a user, write a custom role from the catalogue, assign it, remove it. */
describe('Studio access page in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startTestServer();
    const put = await server.api('PUT', '/api/v1/registries/reg1', { location: 'eastus' });
    await server.waitForOperation(put.headers.get('location') ?? '');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'adds a user, saves a custom role picked from the catalogue, assigns it at a registry and removes it',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await watchedPage(browser);
      // The "Saved" message fades in: the axe scan reads it settled.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(page, server.url, server.token);
      await page.getByRole('link', { name: 'Access' }).click();
      await page.getByRole('textbox', { name: "New principal's name" }).fill('nora');
      await page.getByRole('button', { name: 'Add' }).click();
      await page.getByRole('table', { name: 'Principals' }).getByRole('cell', { name: 'nora', exact: true }).waitFor();
      assert.equal((await server.api('GET', '/api/v1/users/nora')).status, 200);
      await checkPage(page, 'access');

      await page.getByRole('tab', { name: 'Roles' }).click();
      await page.getByRole('textbox', { name: 'Role name' }).fill('ModelReader');
      await page.getByRole('checkbox', { name: 'registries/assets/read' }).check();
      await page.getByRole('checkbox', { name: 'registries/read' }).check();
      await page.getByRole('button', { name: 'Save role' }).click();
      await page
        .getByRole('table', { name: 'Roles' })
        .getByRole('cell', { name: 'ModelReader', exact: true })
        .waitFor();
      const role = await server.api('GET', '/api/v1/roles/ModelReader');
      assert.deepEqual(role.body.actions, ['registries/assets/read', 'registries/read']);
      await checkPage(page, 'access-roles');

      await page.getByRole('tab', { name: 'Role assignments' }).click();
      await page.getByRole('combobox', { name: 'Role' }).selectOption('ModelReader');
      await page.getByRole('textbox', { name: 'Assignee' }).fill('nora');
      await page.getByRole('combobox', { name: 'At' }).selectOption('registry');
      await page.getByRole('textbox', { name: 'Registry name' }).fill('reg1');
      await page.getByRole('button', { name: 'Assign' }).click();
      const remove = page.getByRole('button', { name: /^Remove ModelReader of user:nora/ });
      await remove.waitFor();
      const held = (await server.api('GET', '/api/v1/role-assignments')).body.value.filter(
        (a: { assignee: string }) => a.assignee === 'user:nora',
      );
      assert.equal(held.length, 1);
      assert.match(held[0].scope, /reg1/);
      await checkPage(page, 'access-assignments');

      await remove.click();
      await remove.waitFor({ state: 'detached' });
      const after = (await server.api('GET', '/api/v1/role-assignments')).body.value;
      assert.equal(after.filter((a: { assignee: string }) => a.assignee === 'user:nora').length, 0);
      assert.deepEqual(problems, []);
    },
  );

  it(
    'creates a group, adds a member (an unknown name is refused with the server’s code) and removes it',
    { timeout: 90_000 },
    async () => {
      await server.api('PUT', '/api/v1/users/gus', {});
      const { page, problems, expectFailure } = await watchedPage(browser);
      expectFailure('/api/v1/groups/vision/members/nobody');
      await signIn(page, server.url, server.token);
      await page.goto(`${server.url}/access`);
      await page.getByRole('tab', { name: 'Groups' }).click();
      await page.getByRole('textbox', { name: "New group's name" }).fill('vision');
      await page.getByRole('textbox', { name: 'Group description' }).fill('the vision team');
      await page.getByRole('button', { name: 'Create group' }).click();
      await page.getByRole('table', { name: 'Groups' }).getByRole('cell', { name: 'the vision team' }).waitFor();
      const members = page.getByRole('table', { name: 'Members of vision' });
      await page.getByText('No members yet.').waitFor();

      await page.getByRole('textbox', { name: 'User or service principal' }).fill('nobody');
      await page.getByRole('button', { name: 'Add member' }).click();
      await page.getByText(/^PrincipalNotFound: /).waitFor();
      await page.getByRole('textbox', { name: 'User or service principal' }).fill('gus');
      await page.getByRole('button', { name: 'Add member' }).click();
      await members.getByRole('cell', { name: 'gus', exact: true }).waitFor();
      const names = async () =>
        (await server.api('GET', '/api/v1/groups/vision')).body.members.map((m: { name: string }) => m.name);
      assert.deepEqual(await names(), ['gus']);
      await checkPage(page, 'access-groups');

      await page.getByRole('button', { name: 'Remove gus from vision' }).click();
      await page.getByText('No members yet.').waitFor();
      assert.deepEqual(await names(), []);

      await page.getByRole('button', { name: 'Delete group vision' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete group vision?' });
      await dialog.getByText(/lose the roles assigned to vision/).waitFor();
      await dialog.getByRole('button', { name: 'Delete group' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('table', { name: 'Groups' }).getByRole('cell', { name: 'vision', exact: true }).waitFor({
        state: 'detached',
      });
      assert.equal((await server.api('GET', '/api/v1/groups/vision')).status, 404);
      assert.deepEqual(problems, []);
    },
  );

  it(
    'deletes a user after asking, and shows the refusal to delete the last Owner in the dialog',
    { timeout: 90_000 },
    async () => {
      await server.api('PUT', '/api/v1/users/leaver', {});
      const token = (await server.api('POST', '/api/v1/users/leaver/tokens', { name: 'laptop' })).body.token;
      const { page, problems, expectFailure } = await watchedPage(browser);
      expectFailure('/api/v1/users/admin');
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(page, server.url, server.token);
      await page.goto(`${server.url}/access`);
      const principals = page.getByRole('table', { name: 'Principals' });
      await principals.getByRole('cell', { name: 'leaver', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Delete user leaver' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete user leaver?' });
      await dialog.getByText(/Its tokens stop working at once/).waitFor();
      await checkPage(page, 'access-delete-user');
      await dialog.getByRole('button', { name: 'Delete user' }).click();
      await dialog.waitFor({ state: 'detached' });
      await principals.getByRole('cell', { name: 'leaver', exact: true }).waitFor({ state: 'detached' });
      assert.equal((await server.api('GET', '/api/v1/users/leaver')).status, 404);
      const refused = await server.api('GET', '/api/v1/whoami', undefined, { authorization: `Bearer ${token}` });
      assert.equal(refused.status, 401, 'the deleted user’s token no longer works');

      // The only Owner cannot be deleted: the server's refusal shows in the dialog, which stays open.
      await page.getByRole('button', { name: 'Delete user admin' }).click();
      const last = page.getByRole('dialog', { name: 'Delete user admin?' });
      await last.getByRole('button', { name: 'Delete user' }).click();
      await last
        .getByText(/^LastOwner|Owner/)
        .first()
        .waitFor();
      assert.equal((await server.api('GET', '/api/v1/users/admin')).status, 200);
      await last.getByRole('button', { name: 'Cancel' }).click();
      await last.waitFor({ state: 'detached' });
      assert.deepEqual(problems, []);
    },
  );
});
