import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, studioIndex, watchedPage } from './browser.js';

/**
 * Issue 17 end to end: the built studio in Debian's Chromium against a real server. Every page must load
 * without a console error or a CSP violation, and pass an axe-core scan with no serious or critical finding.
 */

describe('Arca Studio in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let readOnlyToken: string;

  before(async () => {
    assert.ok(existsSync(studioIndex), 'dist/studio is not built: run `npm run build`');
    server = await startTestServer();
    for (const path of ['/api/v1/registries/reg1', '/api/v1/workspaces/ws1']) {
      const put = await server.api('PUT', path, { location: 'eastus', tags: { team: 'vision' } });
      await server.waitForOperation(put.headers.get('location') ?? '');
    }
    await createVersion(server, '/api/v1/registries/reg1/models/fraud', [
      { path: 'model.onnx', bytes: Buffer.from('weights') },
      { path: 'README.md', bytes: Buffer.from('<script>alert(1)</script>') },
    ]);
    await server.api('PATCH', '/api/v1/registries/reg1/models/fraud', { description: '<b>not bold</b>' });
    await server.api('PUT', '/api/v1/users/rita', {});
    await server.api('POST', '/api/v1/role-assignments', { role: 'Owner', user: 'rita' });
    const token = await server.api('POST', '/api/v1/users/rita/tokens', { name: 'studio', read_only: true });
    readOnlyToken = token.body.token;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'signs in with the admin token, shows the registries, opens one and its model, and signs out for good',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await watchedPage(browser);
      // Buttons change colour without their transition, so axe reads the form's Save button settled.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(page, server.url, server.token);
      await page.getByRole('link', { name: 'reg1' }).waitFor();
      await checkPage(page, 'registries');
      await page.getByRole('link', { name: 'reg1' }).click();
      await page.getByRole('heading', { name: 'reg1' }).waitFor();
      await page.getByRole('table', { name: 'Regions' }).getByText('eastus').waitFor();
      await checkPage(page, 'registry');
      // A deep link survives a reload.
      await page.reload();
      await page.getByRole('link', { name: 'fraud' }).click();
      await page.getByRole('heading', { name: 'fraud' }).waitFor();
      // User content is text, never HTML.
      assert.equal(await page.getByTestId('description').textContent(), '<b>not bold</b>');
      assert.equal(await page.getByRole('button', { name: 'Edit description' }).isEnabled(), true);
      await checkPage(page, 'asset');
      // Tags are edited in place: one added, then removed, each held by the server.
      await page.getByRole('button', { name: 'Add tag' }).click();
      await page.getByRole('textbox', { name: 'Key' }).fill('stage');
      await page.getByRole('textbox', { name: 'Value' }).fill('prod');
      await checkPage(page, 'asset-tag-form');
      await page.getByRole('button', { name: 'Save tag' }).click();
      await page.getByRole('list', { name: 'Tags' }).getByText('stage: prod').waitFor();
      assert.equal((await server.api('GET', '/api/v1/registries/reg1/models/fraud')).body.tags.stage, 'prod');
      await page.getByRole('button', { name: 'Remove tag stage' }).click();
      await page.getByRole('list', { name: 'Tags' }).getByText('stage: prod').waitFor({ state: 'detached' });
      assert.equal((await server.api('GET', '/api/v1/registries/reg1/models/fraud')).body.tags.stage, undefined);
      await page.getByRole('table', { name: 'Versions' }).getByRole('link', { name: '1' }).click();
      await page.getByRole('table', { name: 'Files' }).getByText('model.onnx').waitFor();
      await checkPage(page, 'version');
      await page.getByRole('link', { name: 'Workspaces' }).click();
      await page.getByRole('link', { name: 'ws1' }).waitFor();
      await checkPage(page, 'workspaces');

      const cookie = (await page.context().cookies()).find((c) => c.name === 'arca_session');
      assert.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
      assert.equal(cookie?.sameSite, 'Strict');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in/);
      await checkPage(page, 'sign-in');
      const after = await fetch(`${server.url}/api/v1/registries`, {
        headers: { cookie: `arca_session=${cookie?.value}` },
      });
      assert.equal(after.status, 401, 'the session ended on the server');
      assert.deepEqual(problems, []);
    },
  );

  it(
    'shows a read-only session no usable write action, and refuses its forced writes',
    { timeout: 90_000 },
    async () => {
      const { page, problems, expectFailure } = await watchedPage(browser);
      await signIn(page, server.url, readOnlyToken);
      await page.goto(`${server.url}/registries/reg1/models/fraud`);
      const edit = page.getByRole('button', { name: 'Edit description' });
      await edit.waitFor();
      assert.equal(await edit.isEnabled(), false);
      assert.match((await edit.getAttribute('data-disabled-reason')) ?? '', /read-only/);
      const addTag = page.getByRole('button', { name: 'Add tag' });
      assert.equal(await addTag.isEnabled(), false);
      assert.match((await addTag.getAttribute('data-disabled-reason')) ?? '', /read-only/);
      assert.equal(await page.getByRole('button', { name: /^Remove tag/ }).count(), 0);
      await checkPage(page, 'asset-read-only');

      expectFailure('/api/v1/registries/reg1/models/fraud');
      // A string, not a function: the test runner's transpiler would add helpers the page does not have.
      const forced: any = await page.evaluate(`(async () => {
      const patch = (headers) =>
        fetch('/api/v1/registries/reg1/models/fraud', {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ description: 'forced' }),
        }).then(async (r) => ({ status: r.status, code: (await r.json()).error?.code }));
      const session = await (await fetch('/api/v1/sessions/current')).json();
      return { withoutCsrf: await patch({}), withCsrf: await patch({ 'x-arca-csrf': session.csrf_token }) };
    })()`);
      assert.deepEqual(forced.withoutCsrf, { status: 403, code: 'CsrfTokenInvalid' });
      assert.deepEqual(forced.withCsrf, { status: 403, code: 'CredentialRestricted' });
      assert.equal(
        (await server.api('GET', '/api/v1/registries/reg1/models/fraud')).body.description,
        '<b>not bold</b>',
      );
      assert.deepEqual(problems, []);
    },
  );

  it(
    'reports an inline script as a CSP violation (the watch that fails the other tests works)',
    { timeout: 60_000 },
    async () => {
      const { page, problems } = await watchedPage(browser);
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel('Token').waitFor();
      await page.evaluate(`{
          const script = document.createElement('script');
          script.textContent = 'window.injected = true';
          document.body.append(script);
        }`);
      assert.equal(await page.evaluate('window.injected'), undefined);
      assert.ok(
        problems.some((p) => /Content Security Policy/.test(p)),
        `expected a CSP violation, saw ${JSON.stringify(problems)}`,
      );
    },
  );
});
