import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * What every studio browser test shares: Debian's Chromium (never a downloaded browser), a page whose
 * console errors, CSP violations and uncaught exceptions are collected, an axe-core scan, sign-in.
 * Set ARCA_STUDIO_SCREENSHOTS=1 to refresh the screenshots in docs/studio/.
 */

export const chromiumPath = '/usr/bin/chromium';
/** `describe`'s skip option: the reason when Chromium is missing. */
export const skipWithoutChromium = existsSync(chromiumPath)
  ? false
  : `${chromiumPath} is missing (apt-get install chromium)`;
export const studioIndex = fileURLToPath(new URL('../../dist/studio/index.html', import.meta.url));
const screenshots = process.env['ARCA_STUDIO_SCREENSHOTS'] === '1';
const screenshotDir = fileURLToPath(new URL('../../docs/studio/', import.meta.url));
/** The pages docs/studio.md shows (a name here makes `checkPage` save its screenshot). */
const shownInDocs = new Set([
  'registry',
  'asset',
  'sign-in',
  'version-lineage',
  'alias-history',
  'api-reference-try-it',
]);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What a page reported that a test must not see: console errors (CSP violations are among them) and uncaught exceptions. */
export interface Watched {
  page: Page;
  problems: string[];
  /** Requests the test makes fail on purpose: their "Failed to load resource" lines are expected. */
  expectFailure(pathEnd: string): void;
}

export async function watchedPage(browser: Browser): Promise<Watched> {
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
export async function seriousA11yViolations(page: Page): Promise<string[]> {
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

export async function checkPage(page: Page, name: string): Promise<void> {
  assert.deepEqual(await seriousA11yViolations(page), [], `accessibility of ${name}`);
  if (screenshots && shownInDocs.has(name)) {
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: `${screenshotDir}${name}.png` });
  }
}

export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Registries' }).waitFor();
}

/** Debian's Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, timeout: 30_000, args: ['--no-sandbox'] });
}
