import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, watchedPage } from './browser.js';

/** Issue 17: the API reference at /docs, its "Try it" sent with the signed-in session. */
describe('Studio API reference in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let readOnlyToken: string;

  before(async () => {
    server = await startTestServer();
    const put = await server.api('PUT', '/api/v1/registries/docsreg', { location: 'eastus' });
    await server.waitForOperation(put.headers.get('location') ?? '');
    await server.api('PUT', '/api/v1/users/rita', {});
    await server.api('POST', '/api/v1/role-assignments', { role: 'Owner', user: 'rita' });
    readOnlyToken = (await server.api('POST', '/api/v1/users/rita/tokens', { name: 'docs', read_only: true })).body
      .token;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Finds one operation through the page's filter and opens it. */
  const openOperation = async (page: Page, method: string, path: string, summary: string) => {
    await page.getByRole('searchbox', { name: 'Find an operation' }).fill(`${method} ${path}`);
    await page.getByRole('button', { name: `${method} ${path} ${summary}`, exact: true }).click();
    return page.getByRole('form', { name: `Try ${summary}`, exact: true });
  };

  it(
    'renders the OpenAPI document and sends a read and a change as the signed-in user, all to this server',
    { timeout: 60_000 },
    async () => {
      const { page, problems, expectFailure } = await watchedPage(browser);
      const elsewhere: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(`${server.url}/`)) elsewhere.push(request.url());
      });
      // An operation opens without motion, so "Send" is clicked in a settled panel.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(page, server.url, server.token);
      await page.getByRole('link', { name: 'API reference' }).click();
      await page.getByRole('heading', { name: 'API reference', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'registries', level: 2, exact: true }).waitFor();
      await page.getByRole('button', { name: 'GET /api/v1/registries List registries', exact: true }).waitFor();
      await checkPage(page, 'api-reference');

      // A read: the session cookie goes with it, the answer names the registry.
      const list = await openOperation(page, 'GET', '/api/v1/registries', 'List registries');
      const [read] = await Promise.all([
        page.waitForRequest(`${server.url}/api/v1/registries`),
        list.getByRole('button', { name: 'Send' }).click(),
      ]);
      assert.equal(read.headers()['x-arca-csrf'], undefined, 'a read carries no CSRF header');
      assert.equal(await list.getByTestId('try-it-status').textContent(), '200');
      await list.getByLabel('Response body').getByText('"name": "docsreg"').waitFor();
      await checkPage(page, 'api-reference-try-it');

      // A change: the server refuses it without the session's CSRF header, so its success shows the page sent it.
      const create = await openOperation(
        page,
        'PUT',
        '/api/v1/workspaces/{name}',
        'Create or update a workspace (202 + Location of the operation; 200 when it already is as described)',
      );
      await create.getByRole('textbox', { name: /^name \(path\)/ }).fill('docsws');
      await create
        .getByRole('textbox', { name: /^Request body/ })
        .fill('{"location": "eastus", "description": "from /docs"}');
      const [change] = await Promise.all([
        page.waitForRequest(`${server.url}/api/v1/workspaces/docsws`),
        create.getByRole('button', { name: 'Send' }).click(),
      ]);
      assert.match(change.headers()['x-arca-csrf'] ?? '', /./, 'the change carries the CSRF header');
      assert.equal(await create.getByTestId('try-it-status').textContent(), '202');
      const workspace = await server.api('GET', '/api/v1/workspaces/docsws');
      assert.equal(workspace.status, 200);
      assert.equal(workspace.body.description, 'from /docs');

      // A required path parameter left empty is named, and nothing is sent.
      const show = await openOperation(page, 'GET', '/api/v1/registries/{name}', 'Show a registry');
      await show.getByRole('button', { name: 'Send' }).click();
      await show.getByText('Fill in name first.').waitFor();
      assert.equal(await show.getByTestId('try-it-status').count(), 0);
      // The server's refusal is shown as it answered, with its code.
      expectFailure('/api/v1/registries/nope');
      await show.getByRole('textbox', { name: /^name \(path\)/ }).fill('nope');
      await show.getByRole('button', { name: 'Send' }).click();
      assert.equal(await show.getByTestId('try-it-status').textContent(), '404');
      await show.getByLabel('Response body').getByText('"code": "RegistryNotFound"').waitFor();

      // The operation opened last is in the URL: the same link, reloaded, opens the page with it open.
      await page.waitForURL(/\/docs\?op=getRegistry$/);
      await page.reload();
      await page.getByRole('form', { name: 'Try Show a registry', exact: true }).waitFor();

      // The tags list jumps to a tag's operations; opening one there keeps the page where it is.
      const topOf = async (id: string) =>
        Number(await page.evaluate(`document.getElementById(${JSON.stringify(id)}).getBoundingClientRect().top`));
      await page
        .getByRole('navigation', { name: 'Tags' })
        .getByRole('link', { name: /^uploads/ })
        .click();
      await page.waitForURL(/#tag-uploads$/);
      const jumped = await topOf('tag-uploads');
      assert.ok(jumped > -1 && jumped < 200, `the uploads heading is at the top of the window (${jumped})`);
      const upload = 'POST /api/v1/registries/{scope}/uploads Start a resumable upload session (202, Location)';
      await page.getByRole('button', { name: upload, exact: true }).click();
      await page.waitForURL(/\?op=startUploadRegistry/);
      const opened = await topOf('op-startUploadRegistry');
      assert.ok(opened > -1 && opened < 400, `the opened operation stays in the window (${opened})`);
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      await checkPage(page, 'api-reference-dark');
      assert.deepEqual(elsewhere, [], 'every request stays on this server');
      assert.deepEqual(problems, []);
    },
  );

  it(
    'shows a read-only session its change refused by the server, and changes nothing',
    { timeout: 60_000 },
    async () => {
      const { page, problems, expectFailure } = await watchedPage(browser);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(page, server.url, readOnlyToken);
      await page.goto(`${server.url}/docs?op=createOrUpdateWorkspace`);
      const create = page.getByRole('form', { name: /^Try Create or update a workspace/ });
      await create.getByRole('textbox', { name: /^name \(path\)/ }).fill('readonlyws');
      await create.getByRole('textbox', { name: /^Request body/ }).fill('{"location": "eastus"}');
      expectFailure('/api/v1/workspaces/readonlyws');
      await create.getByRole('button', { name: 'Send' }).click();
      assert.equal(await create.getByTestId('try-it-status').textContent(), '403');
      await create.getByLabel('Response body').getByText('"code": "CredentialRestricted"').waitFor();
      assert.equal((await server.api('GET', '/api/v1/workspaces/readonlyws')).status, 404);
      assert.deepEqual(problems, []);
    },
  );
});
