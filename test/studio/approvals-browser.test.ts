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
});
