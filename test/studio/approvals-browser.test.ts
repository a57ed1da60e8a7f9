import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, watchedPage } from './browser.js';

/** Issue 17: an approval between two users, each in a browser context of their own. */
describe('Studio approvals inbox in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  const tokens: Record<string, string> = {};
  const model = '/api/v1/registries/shared/models/fraud';

  before(async () => {
    server = await startTestServer();
    const put = await server.api('PUT', '/api/v1/registries/shared', { location: 'eastus' });
    await server.waitForOperation(put.headers.get('location') ?? '');
    for (const [user, role] of [
      ['pat', 'AssetPublisher'],
      ['ada', 'Approver'],
    ] as const) {
      await server.api('PUT', `/api/v1/users/${user}`, {});
      await server.api('POST', '/api/v1/role-assignments', { role, user, registry: 'shared' });
      // Everyone may open the registry pages; the roles above decide what they may change.
      await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user, registry: 'shared' });
      tokens[user] = (await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 'studio' })).body.token;
    }
    await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('v1') }]);
    await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('v2') }]);
    await server.api('PUT', `${model}/aliases/production`, { version: '1', protected: true });
    const request = await server.api(
      'POST',
      `${model}/aliases/production/approvals`,
      { version: '2', reason: 'better recall' },
      { authorization: `Bearer ${tokens['pat']}` },
    );
    assert.equal(request.status, 201, JSON.stringify(request.body));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    "shows the request only in the approver's inbox, and approving it there moves the alias",
    { timeout: 90_000 },
    async () => {
      const requester = await watchedPage(browser);
      await signIn(requester.page, server.url, tokens['pat'] ?? '');
      await requester.page.getByRole('link', { name: 'Approvals' }).click();
      await requester.page.getByText('Nothing waits for your decision.').waitFor();

      const approver = await watchedPage(browser);
      await signIn(approver.page, server.url, tokens['ada'] ?? '');
      await approver.page.getByRole('link', { name: 'Approvals' }).click();
      const row = approver.page
        .getByRole('table', { name: 'Pending approvals' })
        .getByRole('row', { name: /production → 2/ });
      await row.getByText('better recall').waitFor();
      await row.getByText('pat').waitFor();
      await checkPage(approver.page, 'approvals');
      await approver.page.getByRole('textbox', { name: 'Comment on production → 2' }).fill('checked the eval');
      await approver.page.getByRole('button', { name: 'Approve production → 2' }).click();
      await approver.page.getByText('Nothing waits for your decision.').waitFor();

      assert.equal((await server.api('GET', `${model}/aliases/production`)).body.version, '2');
      const decided = (await server.api('GET', `${model}/approvals`)).body.value[0];
      assert.deepEqual(
        { state: decided.state, by: decided.decided_by, reason: decided.decision_reason },
        { state: 'approved', by: 'ada', reason: 'checked the eval' },
      );
      assert.deepEqual(requester.problems, []);
      assert.deepEqual(approver.problems, []);
    },
  );

  it(
    'files a request from the asset page, shows it pending on the version page, and the decision once another approves',
    { timeout: 90_000 },
    async () => {
      await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('v3') }]);
      const requester = await watchedPage(browser);
      await requester.page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(requester.page, server.url, tokens['pat'] ?? '');
      await requester.page.goto(`${server.url}/registries/shared/models/fraud`);
      await requester.page.getByRole('button', { name: 'Move production…' }).click();
      const dialog = requester.page.getByRole('dialog', { name: /^Move production/ });
      await dialog.getByText('production is protected').waitFor();
      await dialog.getByRole('textbox', { name: 'Version' }).fill('3');
      await dialog.getByRole('textbox', { name: 'Reason for the request' }).fill('fixes the drift');
      await checkPage(requester.page, 'asset-alias-move');
      await dialog.getByRole('button', { name: 'Request approval' }).click();
      await dialog.getByText('Requested: production → 3 waits for approval.').waitFor();
      const asked = (await server.api('GET', `${model}/approvals?state=pending`)).body.value;
      assert.deepEqual(
        asked.map((a: { version: string; requested_by: string; reason: string }) => [
          a.version,
          a.requested_by,
          a.reason,
        ]),
        [['3', 'pat', 'fixes the drift']],
      );
      assert.notEqual((await server.api('GET', `${model}/aliases/production`)).body.version, '3');

      await requester.page.goto(`${server.url}/registries/shared/models/fraud/versions/3`);
      const approvals = requester.page.getByRole('table', { name: 'Approvals of this version' });
      const row = approvals.getByRole('row').filter({ hasText: 'production → 3' });
      await row.getByText('pending').waitFor();
      await row.getByText('fixes the drift').waitFor();
      await row.getByText(/by pat$/).waitFor();
      await checkPage(requester.page, 'version-approvals');
      await requester.page.goto(`${server.url}/approvals`);
      await requester.page.getByText('Nothing waits for your decision.').waitFor();

      const approver = await watchedPage(browser);
      await signIn(approver.page, server.url, tokens['ada'] ?? '');
      await approver.page.getByRole('link', { name: 'Approvals' }).click();
      await approver.page.getByRole('textbox', { name: 'Comment on production → 3' }).fill('eval looks right');
      await approver.page.getByRole('button', { name: 'Approve production → 3' }).click();
      await approver.page.getByText('Nothing waits for your decision.').waitFor();

      await requester.page.goto(`${server.url}/registries/shared/models/fraud/versions/3`);
      await row.getByText('approved').waitFor();
      await row.getByText(/by ada$/).waitFor();
      await row.getByText('eval looks right').waitFor();
      assert.equal((await server.api('GET', `${model}/aliases/production`)).body.version, '3');
      assert.deepEqual(requester.problems, []);
      assert.deepEqual(approver.problems, []);
    },
  );

  it('moves an unprotected alias from the asset page at once, without a request', { timeout: 90_000 }, async () => {
    await server.api('PUT', `${model}/aliases/staging`, { version: '1' });
    const { page, problems } = await watchedPage(browser);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await signIn(page, server.url, tokens['pat'] ?? '');
    await page.goto(`${server.url}/registries/shared/models/fraud`);
    await page.getByRole('button', { name: 'Move staging…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Move staging (now 1)' });
    await dialog.getByRole('textbox', { name: 'Version' }).fill('2');
    assert.equal(await dialog.getByRole('textbox', { name: 'Reason for the request' }).count(), 0);
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await dialog.getByText('staging now points at 2.').waitFor();
    assert.equal((await server.api('GET', `${model}/aliases/staging`)).body.version, '2');
    assert.equal((await server.api('GET', `${model}/approvals?state=pending`)).body.value.length, 0);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page
      .getByRole('table', { name: 'Aliases' })
      .getByRole('row', { name: /staging/ })
      .getByRole('link', { name: '2' })
      .waitFor();
    assert.deepEqual(problems, []);
  });
});
