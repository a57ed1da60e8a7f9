import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';

/**
 * Issue 17 end to end: the built studio in Debian's Chromium (never a downloaded browser) against a real
 * server. Every page must load without a console error or a CSP violation, and pass an axe-core scan with no
 * serious or critical finding. Set ARCA_STUDIO_SCREENSHOTS=1 to refresh the screenshots in docs/studio/.
 */

const chromiumPath = '/usr/bin/chromium';
const studioIndex = fileURLToPath(new URL('../../dist/studio/index.html', import.meta.url));
const screenshots = process.env['ARCA_STUDIO_SCREENSHOTS'] === '1';
const screenshotDir = fileURLToPath(new URL('../../docs/studio/', import.meta.url));
/** The pages docs/studio.md shows. */
const shownInDocs = new Set(['registry', 'asset', 'sign-in']);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What a page reported that a test must not see: console errors (CSP violations are among them) and uncaught exceptions. */
interface Watched {
  page: Page;
  problems: string[];
  /** Requests the test makes fail on purpose: their "Failed to load resource" lines are expected. */
  expectFailure(pathEnd: string): void;
}

async function watchedPage(browser: Browser): Promise<Watched> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  // Signed out, the studio asks for its session and the server answers 401: expected, not a problem.
  const expected = ['/api/v1/sessions/current'];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url ?? '';
    if (/^Failed to load resource/.test(message.text()) && expected.some((end) => url.endsWith(end))) return;
    problems.push(`console: ${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems, expectFailure: (end) => expected.push(end) };
}

/** axe-core, loaded from node_modules into the page (through the debugger, so the page's CSP still holds). */
async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  // Page code goes as strings: this file is compiled for Node (no DOM types), and the page has no transpiler helpers.
  // Tabster's focus sentinels (Fluent UI's arrow-key groups) are focusable and aria-hidden by design.
  const violations: any[] = await page.evaluate(`axe
    .run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] })
    .then((result) => result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(' ')).join(' | '),
      help: v.help,
    })))`);
  return violations
    .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: any) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes}`);
}

async function checkPage(page: Page, name: string): Promise<void> {
  assert.deepEqual(await seriousA11yViolations(page), [], `accessibility of ${name}`);
  if (screenshots && shownInDocs.has(name)) {
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: `${screenshotDir}${name}.png` });
  }
}

async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Registries' }).waitFor();
}

describe(
  'Arca Studio in Chromium',
  { skip: existsSync(chromiumPath) ? false : `${chromiumPath} is missing (apt-get install chromium)` },
  () => {
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
      browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        timeout: 30_000,
        args: ['--no-sandbox'],
      });
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
  },
);
