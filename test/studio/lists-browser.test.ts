import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, studioIndex, watchedPage } from './browser.js';

/**
 * Issue 17's asset lists in Chromium: one registry with 30 models, half of them tagged team=vision; the list
 * page's filter, sort, cursor paging and columns, all of which a URL reproduces; the versions table likewise.
 */

const models = Array.from({ length: 30 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
const vision = models.filter((_, i) => i % 2 === 0);

/** The names in the first column of a table, once it shows `count` rows (the list changes after a navigation). */
async function namesShown(page: Page, table: string, count?: number): Promise<string[]> {
  return eventually(`${count ?? 'some'} rows in ${table}`, async () => {
    const names = await page.getByRole('table', { name: table }).locator('tbody tr td:first-child').allTextContents();
    return names.length > 0 && (count === undefined || names.length === count) ? names : undefined;
  });
}

describe('asset lists in the studio', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    assert.ok(existsSync(studioIndex), 'dist/studio is not built: run `npm run build`');
    server = await startTestServer();
    const put = await server.api('PUT', '/api/v1/registries/reg1', { location: 'eastus' });
    await server.waitForOperation(put.headers.get('location') ?? '');
    for (const [i, name] of models.entries()) {
      await createVersion(server, `/api/v1/registries/reg1/models/${name}`, [{ path: 'w', bytes: Buffer.from('w') }], {
        tags: { team: i % 2 === 0 ? 'vision' : 'nlp' },
        description: `model number ${i + 1}`,
      });
    }
    // m01 gets three more versions (sizes 100, 200, 300) for the versions table; its latest stays a vision one.
    for (const n of [1, 2, 3])
      await createVersion(
        server,
        '/api/v1/registries/reg1/models/m01',
        [{ path: 'w', bytes: Buffer.alloc(n * 100, n) }],
        {
          tags: { team: 'vision' },
          description: 'model number 1',
        },
      );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the whole list from the registry page and narrows it with a filter', { timeout: 90_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, server.token);
    await page.goto(`${server.url}/registries/reg1`);
    assert.equal((await namesShown(page, 'models of reg1')).length, 10, 'the registry page shows the first ten');
    await page.getByRole('link', { name: /See all models/ }).click();
    await page.getByRole('heading', { name: 'models' }).waitFor();
    assert.equal((await namesShown(page, 'models of reg1', 25)).length, 25, 'a page holds 25 by default');
    await checkPage(page, 'asset-list');

    await page.getByRole('textbox', { name: 'Filter' }).fill("tags.team = 'vision'");
    await page.getByRole('textbox', { name: 'Filter' }).press('Enter');
    assert.deepEqual(await namesShown(page, 'models of reg1', vision.length), vision);
    assert.equal(new URL(page.url()).searchParams.get('filter'), "tags.team = 'vision'");
    assert.deepEqual(problems, []);
  });

  it(
    'shows a filter the server refuses under the box, at its column, and keeps the results',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await watchedPage(browser);
      await signIn(page, server.url, server.token);
      await page.goto(`${server.url}/registries/reg1/models?filter=${encodeURIComponent("tags.team = 'vision'")}`);
      await namesShown(page, 'models of reg1', vision.length);
      const bad = "tags.team = 'vision' and size >";
      await page.getByRole('textbox', { name: 'Filter' }).fill(bad);
      await page.getByRole('textbox', { name: 'Filter' }).press('Enter');
      const error = page.getByTestId('filter-error');
      await error.waitFor();
      const refused = await server.api('GET', `/api/v1/registries/reg1/models?filter=${encodeURIComponent(bad)}`);
      assert.equal(refused.status, 400);
      assert.match((await error.textContent()) ?? '', new RegExp(escapeRegExp(refused.body.error.message)));
      const caret = (await error.locator('pre').textContent()) ?? '';
      assert.equal(
        caret.split('\n')[1]?.indexOf('^'),
        refused.body.error.details[0].column - 1,
        'the caret at its column',
      );
      assert.deepEqual(await namesShown(page, 'models of reg1'), vision, 'the previous results stay');
      await checkPage(page, 'asset-list-filter-error');
      // The refused request itself is the one console line expected.
      assert.deepEqual(
        problems.filter((p) => !(p.includes('status of 400') && p.includes('/api/v1/registries/reg1/models?'))),
        [],
      );
    },
  );

  it('shows a refused sort from a URL as an error of the page, not of the filter', { timeout: 90_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, server.token);
    await page.goto(`${server.url}/registries/reg1/models?orderBy=colour`);
    await page.getByText('OrderByInvalid').waitFor();
    assert.equal(await page.getByTestId('filter-error').count(), 0);
    assert.deepEqual(
      problems.filter((p) => !(p.includes('status of 400') && p.includes('/api/v1/registries/reg1/models?'))),
      [],
    );
  });

  it('flips the order with the sortable header and pages through to the last model', { timeout: 90_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, server.token);
    await page.goto(`${server.url}/registries/reg1/models?top=10`);
    const nameHeader = page.getByRole('columnheader', { name: 'Name' });
    await nameHeader.getByRole('button').click();
    await eventually('ascending', async () =>
      (await nameHeader.getAttribute('aria-sort')) === 'ascending' ? true : undefined,
    );
    assert.equal((await namesShown(page, 'models of reg1', 10))[0], 'm01');
    await nameHeader.getByRole('button').click();
    await eventually('descending', async () =>
      (await nameHeader.getAttribute('aria-sort')) === 'descending' ? true : undefined,
    );
    assert.equal(new URL(page.url()).searchParams.get('orderBy'), 'name desc');
    await eventually('m30 first', async () =>
      (await namesShown(page, 'models of reg1', 10))[0] === 'm30' ? true : undefined,
    );
    await nameHeader.getByRole('button').click();
    await eventually('m01 first', async () =>
      (await namesShown(page, 'models of reg1', 10))[0] === 'm01' ? true : undefined,
    );

    const seen: string[] = [];
    const next = page.getByRole('button', { name: 'Next page' });
    for (;;) {
      const names = await namesShown(page, 'models of reg1');
      seen.push(...names);
      if (!(await next.isEnabled()) || seen.length > models.length) break;
      const before = names[0];
      await next.click();
      await eventually('the next page', async () =>
        (await namesShown(page, 'models of reg1'))[0] !== before ? true : undefined,
      );
    }
    assert.deepEqual(seen, models, 'every model once, in order, the last one on the last page');
    assert.ok(new URL(page.url()).searchParams.get('cursor'), 'the cursor is in the URL');
    await page.getByRole('button', { name: 'First page' }).click();
    assert.deepEqual(
      await eventually('first page', async () => {
        const names = await namesShown(page, 'models of reg1', 10);
        return names[0] === 'm01' ? names : undefined;
      }),
      models.slice(0, 10),
    );
    assert.deepEqual(problems, []);
  });

  it('keeps a hidden column hidden after a reload', { timeout: 90_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, server.token);
    await page.goto(`${server.url}/registries/reg1/models`);
    const table = page.getByRole('table', { name: 'models of reg1' });
    await table.getByRole('columnheader', { name: 'Description' }).waitFor();
    await table.getByText('model number 1', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Columns of models of reg1' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Description' }).click();
    await page.keyboard.press('Escape');
    await table.getByRole('columnheader', { name: 'Description' }).waitFor({ state: 'detached' });
    assert.equal(await table.getByText('model number 1', { exact: true }).count(), 0);
    await page.reload();
    await namesShown(page, 'models of reg1', 25);
    assert.equal(await table.getByRole('columnheader', { name: 'Name' }).count(), 1);
    assert.equal(await table.getByRole('columnheader', { name: 'Description' }).count(), 0, 'still hidden');
    assert.deepEqual(problems, []);
  });

  it('reproduces a filtered, sorted, paged view from its URL in a new browser', { timeout: 90_000 }, async () => {
    const first = await watchedPage(browser);
    await signIn(first.page, server.url, server.token);
    await first.page.goto(`${server.url}/registries/reg1/models?top=5`);
    await first.page.getByRole('textbox', { name: 'Filter' }).fill("tags.team = 'vision'");
    await first.page.getByRole('textbox', { name: 'Filter' }).press('Enter');
    await namesShown(first.page, 'models of reg1', 5);
    await first.page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
    await first.page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
    await eventually('sorted descending', async () =>
      new URL(first.page.url()).searchParams.get('orderBy') === 'name desc' ? true : undefined,
    );
    // The rows follow the URL a moment later: wait for each page's own rows, not just for five rows.
    const page = (n: number) =>
      [...vision]
        .reverse()
        .slice(5 * n, 5 * n + 5)
        .join(' ');
    await eventually('the first page, descending', async () =>
      (await namesShown(first.page, 'models of reg1', 5)).join(' ') === page(0) ? true : undefined,
    );
    await first.page.getByRole('button', { name: 'Next page' }).click();
    await eventually('a cursor', async () => (new URL(first.page.url()).searchParams.get('cursor') ? true : undefined));
    await eventually('the second page', async () =>
      (await namesShown(first.page, 'models of reg1', 5)).join(' ') === page(1) ? true : undefined,
    );
    const shown = await namesShown(first.page, 'models of reg1', 5);
    assert.deepEqual(shown, [...vision].reverse().slice(5, 10));

    const second = await watchedPage(browser);
    await signIn(second.page, server.url, server.token);
    await second.page.goto(first.page.url());
    assert.deepEqual(await namesShown(second.page, 'models of reg1', 5), shown);
    assert.equal(await second.page.getByRole('textbox', { name: 'Filter' }).inputValue(), "tags.team = 'vision'");
    assert.equal(await second.page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort'), 'descending');
    assert.deepEqual([...first.problems, ...second.problems], []);
  });

  it('filters and sorts the versions of an asset, in the URL', { timeout: 90_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, server.token);
    await page.goto(`${server.url}/registries/reg1/models/m01`);
    await page.getByRole('heading', { name: 'm01' }).waitFor();
    assert.deepEqual(await namesShown(page, 'Versions', 4), ['4', '3', '2', '1']);
    const size = page.getByRole('columnheader', { name: 'Size' });
    await size.getByRole('button').click();
    await eventually('smallest first', async () =>
      (await namesShown(page, 'Versions', 4))[0] === '1' ? true : undefined,
    );
    assert.equal(await size.getAttribute('aria-sort'), 'ascending');
    await page.getByRole('textbox', { name: 'Filter' }).fill('size > 150');
    await page.getByRole('textbox', { name: 'Filter' }).press('Enter');
    assert.deepEqual(await namesShown(page, 'Versions', 2), ['3', '4']);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('filter'), 'size > 150');
    assert.equal(url.searchParams.get('orderBy'), 'size');
    await checkPage(page, 'asset-versions');
    await page.reload();
    assert.deepEqual(await namesShown(page, 'Versions', 2), ['3', '4']);
    assert.deepEqual(problems, []);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
