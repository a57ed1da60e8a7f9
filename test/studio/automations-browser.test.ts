import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { startScriptedReceiver, type ScriptedReceiver } from '../../src/testing/webhook-receiver.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, watchedPage } from './browser.js';

const model = '/api/v1/registries/reg1/models/fraud';

/**
 * Issue 18 in the studio: a registry's automations made, tested, watched and changed from its Automations tab,
 * against a real receiver; and what a Reader and a caller without `automations/read` are offered.
 */
describe('Studio automations tab in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let receiver: ScriptedReceiver;
  let readerToken: string;
  let outsiderToken: string;

  before(async () => {
    server = await startTestServer({
      env: { ARCA_AUTOMATION_ALLOW_HOSTS: '127.0.0.1', ARCA_AUTOMATION_DISABLE_AFTER_FAILURES: '2' },
    });
    receiver = await startScriptedReceiver(() => ({ status: 204 }));
    const put = await server.api('PUT', '/api/v1/registries/reg1', { location: 'eastus' });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    for (let i = 0; i < 2; i++) await createVersion(server, model, [{ path: 'w', bytes: Buffer.from(`w${i}`) }]);
    // An automation the Reader sees (it listens to tags only, so the alias moves below reach just the studio's).
    const kept = await server.api('POST', '/api/v1/registries/reg1/automations', {
      name: 'tagged',
      events: ['dev.arca.tag.*'],
      webhook: { url: receiver.url },
    });
    assert.equal(kept.status, 201, JSON.stringify(kept.body));
    const role = await server.api('PUT', '/api/v1/roles/RegistryOnly', {
      description: 'sees registries, not their automations',
      actions: ['registries/read'],
    });
    assert.ok(role.status === 200 || role.status === 201, JSON.stringify(role.body));
    for (const [user, body] of [
      ['rita', { role: 'Reader', user: 'rita' }],
      ['otto', { role: 'RegistryOnly', user: 'otto' }],
    ] as const) {
      assert.equal((await server.api('PUT', `/api/v1/users/${user}`, {})).status, 200);
      assert.equal((await server.api('POST', '/api/v1/role-assignments', body)).status, 201);
    }
    readerToken = (await server.api('POST', '/api/v1/users/rita/tokens', { name: 't' })).body.token;
    outsiderToken = (await server.api('POST', '/api/v1/users/otto/tokens', { name: 't' })).body.token;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await receiver?.close();
    await server?.stop();
  });

  it(
    'creates an automation, shows its secret once, tests it, logs an alias move and redelivers it',
    { timeout: 120_000 },
    async () => {
      const { page, problems } = await watchedPage(browser);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(page, server.url, server.token);
      await page.goto(`${server.url}/registries/reg1`);
      await page.getByRole('tab', { name: 'Automations' }).click();
      await page.waitForURL(`${server.url}/registries/reg1?tab=automations`);
      const table = page.getByRole('table', { name: 'Automations of reg1' });
      await table.getByText('tagged', { exact: true }).waitFor();

      await page.getByRole('button', { name: 'New automation' }).click();
      const form = page.getByRole('dialog', { name: 'New automation' });
      await form.getByLabel('Name').fill('deploys');
      await form.getByLabel('Description').fill('tells CI of production');
      await form.getByRole('combobox', { name: 'Events' }).click();
      await page.getByRole('menuitemcheckbox', { name: 'dev.arca.alias.*', exact: true }).click();
      await form.getByRole('heading', { name: 'New automation' }).click();
      await form.getByLabel('URL').fill(receiver.url);
      await form.getByRole('button', { name: 'Add header' }).click();
      await form.getByLabel('Header 1 name').fill('authorization');
      await form.getByLabel('Header 1 value').fill('Bearer receiver-token');
      await checkPage(page, 'automation-form');
      await form.getByRole('button', { name: 'Create' }).click();

      const shown = page.getByRole('dialog', { name: 'The secret of deploys' });
      await shown.getByText('Copy the secret now: it will not be shown again.', { exact: true }).waitFor();
      await shown.getByRole('button', { name: 'Copy' }).waitFor();
      const secret = (await shown.getByTestId('automation-secret').textContent()) ?? '';
      assert.match(secret, /^whsec_/);
      await shown.getByRole('button', { name: 'Done' }).click();
      await shown.waitFor({ state: 'detached' });
      const row = table.getByRole('row').filter({ hasText: 'deploys' });
      await row.getByText('enabled', { exact: true }).waitFor();
      await row.getByText('dev.arca.alias.*', { exact: true }).waitFor();
      await row.getByText(receiver.url, { exact: true }).waitFor();
      assert.ok(!(await page.content()).includes(secret), 'the secret is gone from the page once the dialog closes');

      // Send test: the ping reaches the receiver, signed with the secret shown, with the header typed.
      await page.getByRole('button', { name: 'Send test to deploys' }).click();
      const result = page.getByTestId('test-result');
      await result.getByText('Test of deploys: delivered', { exact: true }).waitFor();
      await result.getByText(/HTTP 204 in \d+ ms/).waitFor();
      const [ping] = await receiver.waitFor(1, 'the test ping');
      assert.equal(ping?.headers['authorization'], 'Bearer receiver-token');
      const headers = (name: string) => String(ping?.headers[name]);
      const body = new Webhook(secret).verify(ping?.body ?? '', {
        'webhook-id': headers('webhook-id'),
        'webhook-timestamp': headers('webhook-timestamp'),
        'webhook-signature': headers('webhook-signature'),
      }) as { type: string };
      assert.equal(body.type, 'dev.arca.automation.ping');
      await checkPage(page, 'automations');

      // An alias moved through the API is delivered, and the log shows it.
      assert.equal((await server.api('PUT', `${model}/aliases/production`, { version: '1' })).status, 200);
      const [, moved] = await receiver.waitFor(2, 'the alias event');
      const webhookId = String(moved?.headers['webhook-id']);
      await eventually('the delivery recorded as delivered', async () => {
        const log = await server.api('GET', '/api/v1/registries/reg1/automations/deploys/deliveries');
        return log.body.value.some((d: { id: string; state: string }) => d.id === webhookId && d.state === 'delivered')
          ? true
          : undefined;
      });
      await page.getByRole('button', { name: 'Deliveries of deploys' }).click();
      const log = page.getByRole('table', { name: 'Deliveries of deploys' });
      const delivery = log.getByRole('row').filter({ hasText: webhookId });
      await delivery.getByText('dev.arca.alias.set', { exact: true }).waitFor();
      await delivery.getByText('delivered', { exact: true }).waitFor();
      await delivery.getByRole('button', { name: `Attempts of ${webhookId}` }).click();
      await delivery.getByText(/^#1 .*HTTP 204 in \d+ ms/).waitFor();

      // Redeliver: the receiver gets it again under the same webhook-id.
      await delivery.getByRole('button', { name: `Redeliver ${webhookId}` }).click();
      const [, , again] = await receiver.waitFor(3, 'the redelivery');
      assert.equal(again?.headers['webhook-id'], webhookId);
      await delivery.getByText(/^#2 /).waitFor();
      assert.deepEqual(problems, []);
    },
  );

  it(
    'shows a refused webhook URL at the URL field and a refused header at the headers, the form staying open',
    { timeout: 60_000 },
    async () => {
      const { page, problems, expectFailure } = await watchedPage(browser);
      expectFailure('/api/v1/registries/reg1/automations');
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signIn(page, server.url, server.token);
      await page.goto(`${server.url}/registries/reg1?tab=automations`);
      await page.getByRole('button', { name: 'New automation' }).click();
      const form = page.getByRole('dialog', { name: 'New automation' });
      await form.getByLabel('Name').fill('internal');
      await form.getByRole('combobox', { name: 'Events' }).click();
      await page.getByRole('menuitemcheckbox', { name: '*', exact: true }).click();
      await form.getByRole('heading', { name: 'New automation' }).click();
      await form.getByLabel('URL').fill('http://10.0.0.1/');
      await form.getByRole('button', { name: 'Create' }).click();
      const message = form.getByText(/^WebhookTargetRefused: webhook target "10\.0\.0\.1"/);
      await message.waitFor();
      // The message is the URL field's own (its accessible description), not a banner under the form.
      const described = await form.getByLabel('URL').getAttribute('aria-describedby');
      assert.ok(described?.includes((await message.getAttribute('id')) ?? 'none'), `aria-describedby=${described}`);
      assert.equal((await server.api('GET', '/api/v1/registries/reg1/automations/internal')).status, 404);

      // A header Arca sets itself is refused at the headers (the error's target is webhook.headers.host).
      await form.getByLabel('URL').fill(receiver.url);
      await form.getByRole('button', { name: 'Add header' }).click();
      await form.getByLabel('Header 1 name').fill('host');
      await form.getByLabel('Header 1 value').fill('elsewhere');
      await form.getByRole('button', { name: 'Create' }).click();
      await form
        .getByTestId('headers-field')
        .getByText(/^WebhookHeaderInvalid: webhook header "host"/)
        .waitFor();
      assert.equal(await form.getByText(/^WebhookTargetRefused/).count(), 0);
      assert.equal((await server.api('GET', '/api/v1/registries/reg1/automations/internal')).status, 404);
      assert.deepEqual(problems, []);
    },
  );

  it('rotates the secret (shown once), disables, enables and deletes an automation', { timeout: 60_000 }, async () => {
    const made = await server.api('POST', '/api/v1/registries/reg1/automations', {
      name: 'short-lived',
      events: ['dev.arca.version.created'],
      webhook: { url: receiver.url },
    });
    assert.equal(made.status, 201);
    const { page, problems } = await watchedPage(browser);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await signIn(page, server.url, server.token);
    await page.goto(`${server.url}/registries/reg1?tab=automations`);
    const row = page
      .getByRole('table', { name: 'Automations of reg1' })
      .getByRole('row')
      .filter({ hasText: 'short-lived' });

    await page.getByRole('button', { name: 'Rotate secret of short-lived' }).click();
    await page
      .getByRole('dialog', { name: 'Rotate the secret of short-lived?' })
      .getByRole('button', { name: 'Rotate' })
      .click();
    const shown = page.getByRole('dialog', { name: 'The new secret of short-lived' });
    const secret = (await shown.getByTestId('automation-secret').textContent()) ?? '';
    assert.match(secret, /^whsec_/);
    assert.notEqual(secret, made.body.secret);
    await shown.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: 'Disable short-lived' }).click();
    await row.getByText('disabled', { exact: true }).waitFor();
    assert.equal((await server.api('GET', '/api/v1/registries/reg1/automations/short-lived')).body.enabled, false);
    await page.getByRole('button', { name: 'Enable short-lived' }).click();
    await row.getByText('enabled', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Edit short-lived' }).click();
    const form = page.getByRole('dialog', { name: 'Edit short-lived' });
    await form.getByLabel('Filter').fill("asset = 'fraud'");
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    assert.equal(
      (await server.api('GET', '/api/v1/registries/reg1/automations/short-lived')).body.filter,
      "asset = 'fraud'",
    );

    await page.getByRole('button', { name: 'Delete short-lived' }).click();
    await page.getByRole('dialog', { name: 'Delete short-lived?' }).getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await server.api('GET', '/api/v1/registries/reg1/automations/short-lived')).status, 404);
    assert.deepEqual(problems, []);
  });

  it(
    'shows a workspace automation the server disabled, with its reason and failures, and enables it again',
    {
      timeout: 60_000,
    },
    async () => {
      const refusing = await startScriptedReceiver(() => ({ status: 400, body: 'no thanks' }));
      try {
        const put = await server.api('PUT', '/api/v1/workspaces/ws1', { location: 'eastus' });
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
        const wsModel = '/api/v1/workspaces/ws1/models/churn';
        await createVersion(server, wsModel, [{ path: 'w', bytes: Buffer.from('w') }]);
        const made = await server.api('POST', '/api/v1/workspaces/ws1/automations', {
          name: 'refused',
          events: ['dev.arca.tag.set'],
          webhook: { url: refusing.url },
        });
        assert.equal(made.status, 201);
        for (let i = 0; i < 2; i++) {
          await server.api('PATCH', `${wsModel}/versions/1`, { tags: { try: `t${i}` } });
          await refusing.waitFor(i + 1);
        }
        await eventually('the automation to be disabled', async () =>
          (await server.api('GET', '/api/v1/workspaces/ws1/automations/refused')).body.enabled === false
            ? true
            : undefined,
        );
        const { page, problems } = await watchedPage(browser);
        await signIn(page, server.url, server.token);
        await page.goto(`${server.url}/workspaces/ws1?tab=automations`);
        const row = page
          .getByRole('table', { name: 'Automations of ws1' })
          .getByRole('row')
          .filter({ hasText: 'refused' });
        await row.getByText('disabled', { exact: true }).waitFor();
        await row.getByText(/2 deliveries in a row failed/).waitFor();
        await row.getByRole('cell', { name: '2', exact: true }).waitFor();
        // Its log: two failed deliveries, each attempt with the receiver's status and answer.
        await page.getByRole('button', { name: 'Deliveries of refused' }).click();
        const log = page.getByRole('table', { name: 'Deliveries of refused' });
        assert.equal(await log.getByText('failed', { exact: true }).count(), 2);
        const first = log.getByRole('row').nth(1);
        await first.getByRole('button', { name: /^Attempts of / }).click();
        await first.getByText(/HTTP 400 in \d+ ms/).waitFor();
        await first.getByText('no thanks', { exact: true }).waitFor();

        await page.getByRole('button', { name: 'Enable refused' }).click();
        await row.getByText('enabled', { exact: true }).waitFor();
        await row.getByRole('cell', { name: '0', exact: true }).waitFor();
        assert.deepEqual(problems, []);
      } finally {
        await refusing.close();
      }
    },
  );

  it('offers a Reader the list with every action disabled, saying why', { timeout: 60_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, readerToken);
    await page.goto(`${server.url}/registries/reg1?tab=automations`);
    await page.getByRole('table', { name: 'Automations of reg1' }).getByText('tagged', { exact: true }).waitFor();
    for (const name of ['New automation', 'Send test to tagged', 'Edit tagged', 'Disable tagged', 'Delete tagged']) {
      const button = page.getByRole('button', { name, exact: true });
      assert.equal(await button.isEnabled(), false, name);
      assert.equal(
        await button.getAttribute('data-disabled-reason'),
        'You need the permission automations/write on registry reg1',
        name,
      );
    }
    // Reading the log is allowed; redelivering is not.
    await page.getByRole('button', { name: 'Deliveries of tagged' }).click();
    await page.getByRole('region', { name: 'Deliveries of tagged' }).getByText('No deliveries yet.').waitFor();
    assert.deepEqual(problems, []);
  });

  it('tells a caller without automations/read so, and asks the server nothing', { timeout: 60_000 }, async () => {
    const { page, problems } = await watchedPage(browser);
    await signIn(page, server.url, outsiderToken);
    await page.goto(`${server.url}/registries/reg1?tab=automations`);
    await page.getByText('You need the permission automations/read on registry reg1', { exact: true }).waitFor();
    assert.equal(await page.getByRole('table', { name: 'Automations of reg1' }).count(), 0);
    assert.deepEqual(problems, []);
  });
});
