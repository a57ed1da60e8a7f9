import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, signIn, watchedPage } from '../test/studio/browser.js';
import { ensureBuilt, ensureStudioBuilt } from './lib/build.js';
import { measured, medianAndMax, type Benchmark, type Metric, type Target } from './lib/report.js';
import { seedShape, seedWorkspaceModel } from './lib/seed-versions.js';
import { spawnServe } from './lib/serve.js';

const parameters = {
  versions: 100_000,
  versionsPerTransaction: 5_000,
  workspace: 'bench',
  model: 'studio-bench',
  warmups: 1,
  runs: 5,
  seed: {
    ...seedShape,
    how: 'as version-list: version 1 through the API, the rest bulk-inserted with MetadataStore, SQLite only',
  },
  server: 'node bin/arca serve in its own process (127.0.0.1), SQLite in its data dir',
  browser:
    'Debian chromium (/usr/bin/chromium) headless through playwright-core, one page signed in with the admin token; the page cache warm after the warm-up',
  measure: 'from page.goto(url) (a full page load) until the first row of the table is visible: what a user waits for',
};
/** Issue 17: the asset list of a scope with 100,000 versions shows its first page in < 1 s. */
const firstPageTarget: Target = { op: '<', value: 1_000 };

/** One studio page and the row that shows its first page has arrived. */
interface StudioPage {
  label: string;
  path: string;
  firstRow: (page: Page) => Locator;
}

const pages: StudioPage[] = [
  {
    label: `asset page of a model with ${parameters.versions.toLocaleString('en-US')} versions (versions table)`,
    path: `/workspaces/${parameters.workspace}/models/${parameters.model}`,
    firstRow: (page) => page.getByRole('table', { name: 'Versions' }).getByRole('row').nth(1),
  },
  {
    label: 'asset list of that scope (models table)',
    path: `/workspaces/${parameters.workspace}/models`,
    firstRow: (page) =>
      page
        .getByRole('table', { name: `models of ${parameters.workspace}` })
        .getByRole('row')
        .nth(1),
  },
];

/** Milliseconds from navigation to the first row, `warmups` unmeasured loads first. */
async function timeFirstPage(
  page: Page,
  url: string,
  studioPage: StudioPage,
): Promise<{ cold: number; runs: number[] }> {
  const load = async () => {
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await studioPage.firstRow(page).waitFor({ state: 'visible' });
    return performance.now() - started;
  };
  let cold = NaN;
  for (let i = 0; i < parameters.warmups; i++) {
    const ms = await load();
    if (i === 0) cold = ms;
  }
  const runs: number[] = [];
  for (let i = 0; i < parameters.runs; i++) runs.push(await load());
  return { cold, runs };
}

/** The studio's first page of a list over 100,000 versions, in a real browser against `arca serve`. */
export const studioList: Benchmark = {
  name: 'studio-list',
  description:
    'Studio: page load to the first visible row of a model’s versions (100,000 versions) and of its scope’s asset list, headless Chromium',
  async run() {
    const build = await ensureBuilt();
    const studioBuild = await ensureStudioBuilt();
    const root = await mkdtemp(join(tmpdir(), 'arca-bench-studio-'));
    let browser: Browser | undefined;
    try {
      const dataDir = join(root, 'data');
      const serve = () => spawnServe(dataDir);
      const { seed } = await seedWorkspaceModel(
        serve,
        { database: join(dataDir, 'arca.db') },
        {
          workspace: parameters.workspace,
          model: parameters.model,
          versions: parameters.versions,
          perTransaction: parameters.versionsPerTransaction,
        },
      );
      const server = await serve();
      const timings: { label: string; path: string; cold: number; runs: number[] }[] = [];
      let problems: string[] = [];
      try {
        browser = await launchChromium();
        const watched = await watchedPage(browser);
        watched.page.setDefaultTimeout(30_000);
        await signIn(watched.page, server.url, server.token);
        for (const studioPage of pages)
          timings.push({
            label: studioPage.label,
            path: studioPage.path,
            ...(await timeFirstPage(watched.page, `${server.url}${studioPage.path}`, studioPage)),
          });
        problems = watched.problems;
      } finally {
        await server.stop();
      }
      const metrics: Metric[] = timings.flatMap((t) => {
        const { median, max } = medianAndMax(t.runs);
        return [
          measured(`${t.label}: first page, median of ${parameters.runs}`, Math.round(median), 'ms', firstPageTarget),
          measured(`${t.label}: first page, max of ${parameters.runs}`, Math.round(max), 'ms'),
          measured(`${t.label}: first page, first visit (the unmeasured warm-up)`, Math.round(t.cold), 'ms'),
        ];
      });
      metrics.push(
        measured('console errors and CSP violations on the pages', problems.length, '', { op: '<', value: 1 }),
      );
      return {
        parameters: { ...parameters, build, studioBuild },
        metrics,
        details: { seed, timings, problems },
      };
    } finally {
      await browser?.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};
