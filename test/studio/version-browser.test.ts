import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { ociRequest, pushBlob, pushImage } from '../../src/testing/oci-requests.js';
import { createVersion, digestOf } from '../../src/testing/uploads.js';
import { checkPage, launchChromium, signIn, skipWithoutChromium, studioIndex, watchedPage } from './browser.js';

/**
 * Issue 17, the version page and the alias history in Chromium: lineage graph and its navigation, the
 * archive/restore dialogs against what the server then holds, a file download's bytes, and an alias's
 * timeline with a time picked between two moves.
 */

const model = '/api/v1/registries/reg1/models/fraud';
const versionPage = '/registries/reg1/models/fraud/versions/1';
const weights = Buffer.from('weights of fraud 1\n');

const environmentYaml = `name: pytorch
version: "1"
description: PyTorch on CUDA
image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04@sha256:${'a'.repeat(64)}
`;
const componentYaml = `name: train
version: "1"
type: command
inputs:
  training_data:
    type: uri_folder
  epochs:
    type: integer
    default: 10
outputs:
  model:
    type: mlflow_model
command: python train.py --data \${{inputs.training_data}} --epochs \${{inputs.epochs}} --out \${{outputs.model}}
environment: azureml:pytorch:1
code: ./src
`;

/** The `datetime-local` text of a time in this machine's time zone (the browser's), to the millisecond. */
function localInput(ms: number): string {
  const offset = new Date(ms).getTimezoneOffset() * 60_000;
  return new Date(ms - offset).toISOString().slice(0, 23);
}

describe('the version page and alias history in Chromium', { skip: skipWithoutChromium }, () => {
  let server: TestServer;
  let browser: Browser;
  let betweenMoves: number;

  before(async () => {
    assert.ok(existsSync(studioIndex), 'dist/studio is not built: run `npm run build`');
    server = await startTestServer();
    for (const registry of ['reg1', 'reg2']) {
      const put = await server.api('PUT', `/api/v1/registries/${registry}`, { location: 'eastus' });
      await server.waitForOperation(put.headers.get('location') ?? '');
    }
    await createVersion(server, '/api/v1/registries/reg1/data/transactions', [
      { path: 'part-0.parquet', bytes: Buffer.from('rows') },
    ]);
    await createVersion(
      server,
      model,
      [
        { path: 'model/weights.bin', bytes: weights },
        { path: 'README.md', bytes: Buffer.from('# fraud\n') },
      ],
      { lineage: { data: ['transactions:1'] } },
    );
    await createVersion(server, model, [{ path: 'model/weights.bin', bytes: Buffer.from('weights of fraud 2\n') }]);
    assert.equal((await server.api('PUT', `${model}/aliases/production`, { version: '1' })).status, 200);
    // The two moves get distinct instants, and the test a time strictly between them.
    await sleep(50);
    betweenMoves = Date.now();
    await sleep(50);
    assert.equal((await server.api('PUT', `${model}/aliases/production`, { version: '2' })).status, 200);
    for (let i = 1; i <= 2; i++)
      await createVersion(server, '/api/v1/registries/reg1/models/scratch', [
        { path: 'x.bin', bytes: Buffer.from(`scratch ${i}`) },
      ]);
    await server.api('PUT', '/api/v1/registries/reg1/models/scratch/aliases/staging', { version: '2' });
    await createVersion(server, '/api/v1/registries/reg1/environments/pytorch', [], { spec: environmentYaml });
    await createVersion(
      server,
      '/api/v1/registries/reg1/components/train',
      [{ path: 'src/train.py', bytes: Buffer.from('print("train")\n') }],
      { spec: componentYaml },
    );
    browser = await launchChromium();
  });
  /** A watched page, signed in as admin; dialogs and menus open without their animation, so axe reads them settled. */
  async function signedInPage() {
    const watched = await watchedPage(browser);
    await watched.page.emulateMedia({ reducedMotion: 'reduce' });
    await signIn(watched.page, server.url, server.token);
    return watched;
  }
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'draws the lineage graph with both versions, and clicking the upstream node opens it',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await signedInPage();
      await page.goto(`${server.url}${versionPage}`);
      const graph = page.getByTestId('lineage-graph');
      await graph.getByRole('link', { name: 'model reg1/fraud:1' }).waitFor();
      await graph.getByRole('link', { name: 'data reg1/transactions:1' }).waitFor();
      // The same edge as text, for screen readers.
      const list = page.getByRole('list', { name: 'Lineage as a list' });
      assert.match((await list.textContent()) ?? '', /reg1\/fraud:1 was derived from reg1\/transactions:1 \(data\)/);
      assert.match(
        (await page.getByTestId('cli-command').textContent()) ?? '',
        /^arca model download reg1\/fraud:1 --path /,
      );
      await page.getByRole('heading', { name: 'Lineage' }).scrollIntoViewIfNeeded();
      await checkPage(page, 'version-lineage');
      await graph.getByRole('link', { name: 'data reg1/transactions:1' }).click();
      await page.waitForURL(/\/registries\/reg1\/data\/transactions\/versions\/1$/);
      await page.getByRole('heading', { name: 'transactions : 1' }).waitFor();
      await page.getByTestId('lineage-graph').getByRole('link', { name: 'model reg1/fraud:1' }).waitFor();
      await checkPage(page, 'version-data');
      assert.deepEqual(problems, []);
    },
  );

  it('downloads a file of the version, from a collapsed folder, with its bytes', { timeout: 60_000 }, async () => {
    const { page, problems } = await signedInPage();
    await page.goto(`${server.url}${versionPage}`);
    const files = page.getByRole('table', { name: 'Files' });
    await files.getByRole('button', { name: 'Collapse folder model' }).click();
    assert.equal(await files.getByText('weights.bin').count(), 0, 'a collapsed folder hides its files');
    await files.getByRole('button', { name: 'Expand folder model' }).click();
    const download = page.waitForEvent('download');
    await files.getByRole('link', { name: 'Download model/weights.bin' }).click();
    const saved = await (await download).path();
    assert.deepEqual(readFileSync(saved), weights);
    assert.deepEqual(problems, []);
  });

  it(
    'archives and restores the version through their confirmation dialogs, and the server agrees',
    { timeout: 60_000 },
    async () => {
      const { page, problems } = await signedInPage();
      await page.goto(`${server.url}${versionPage}`);
      await page.getByRole('button', { name: 'Archive…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/hides it from version lists and alias targets/).waitFor();
      await checkPage(page, 'version-archive-dialog');
      await dialog.getByRole('button', { name: 'Archive', exact: true }).click();
      await page.getByTestId('version-state').getByText('archived').waitFor();
      assert.equal((await server.api('GET', `${model}/versions/1`)).body.state, 'archived');

      await page.getByRole('button', { name: 'Restore…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Restore', exact: true }).click();
      await page.getByTestId('version-state').getByText('ready').waitFor();
      assert.equal((await server.api('GET', `${model}/versions/1`)).body.state, 'ready');
      assert.deepEqual(problems, []);
    },
  );

  it(
    'shows an alias moved twice as two history entries, and a time between them shows the older target',
    { timeout: 60_000 },
    async () => {
      const { page, problems } = await signedInPage();
      await page.goto(`${server.url}/registries/reg1/models/fraud`);
      const history = page.getByRole('list', { name: 'History of production' });
      await history.getByText(/moved 1 → 2/).waitFor();
      assert.equal(await history.getByRole('listitem').count(), 2);
      await history.getByText(/set to 1/).waitFor();
      await page.getByLabel('Show aliases at').fill(localInput(betweenMoves));
      await page.getByTestId('alias-at-production').getByText(/: 1$/).waitFor();
      // The picked time is in the URL: the same link shows the same moment.
      assert.match(page.url(), /[?&]at=/);
      await page.reload();
      await page.getByTestId('alias-at-production').getByText(/: 1$/).waitFor();
      await checkPage(page, 'alias-history');
      assert.deepEqual(problems, []);
    },
  );

  it(
    'reaches a lineage node by keyboard: Tab onto its link, Enter opens that version',
    { timeout: 60_000 },
    async () => {
      const { page, problems } = await signedInPage();
      await page.goto(`${server.url}${versionPage}`);
      const node = page.getByTestId('lineage-graph').getByRole('link', { name: 'data reg1/transactions:1' });
      await node.waitFor();
      // Tab from the page's last control before the graph until the node's link has the focus.
      await page.getByRole('button', { name: 'Delete…' }).focus();
      for (let i = 0; i < 40 && !(await node.evaluate((el) => el === el.ownerDocument.activeElement)); i++)
        await page.keyboard.press('Tab');
      assert.equal(
        await node.evaluate((el) => el === el.ownerDocument.activeElement),
        true,
        'the node link is in the tab order',
      );
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/registries\/reg1\/data\/transactions\/versions\/1$/);
      assert.deepEqual(problems, []);
    },
  );

  it(
    'shares the version into another registry it may write, and downloads its evidence',
    { timeout: 60_000 },
    async () => {
      const { page, problems } = await signedInPage();
      await page.goto(`${server.url}${versionPage}`);
      await page.getByRole('button', { name: 'Share into registry…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('combobox', { name: 'Registry' }).click();
      await page.getByRole('option', { name: 'reg2' }).click();
      await checkPage(page, 'version-share-dialog');
      await dialog.getByRole('button', { name: 'Share', exact: true }).click();
      await dialog.getByText('Shared: arca://registries/reg2/models/fraud/versions/1').waitFor();
      const shared = await server.api('GET', '/api/v1/registries/reg2/models/fraud/versions/1');
      assert.equal(shared.status, 200);
      assert.equal(shared.body.origin, 'arca://registries/reg1/models/fraud/versions/1');
      await dialog.getByRole('button', { name: 'Close' }).click();

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download evidence' }).click();
      const evidence = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
      assert.equal(evidence.reference, 'arca://registries/reg1/models/fraud/versions/1');
      assert.deepEqual(evidence.version.files.map((f: { path: string }) => f.path).sort(), [
        'README.md',
        'model/weights.bin',
      ]);
      assert.deepEqual(problems, []);
    },
  );

  it(
    'deletes a version through its dialog (then the asset page), and shows the refusal for one an alias names',
    { timeout: 60_000 },
    async () => {
      const { page, problems, expectFailure } = await signedInPage();
      const scratch = '/api/v1/registries/reg1/models/scratch';
      await page.goto(`${server.url}/registries/reg1/models/scratch/versions/2`);
      await page.getByRole('button', { name: 'Delete…' }).click();
      expectFailure('/api/v1/registries/reg1/models/scratch/versions/2');
      await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
      // `latest` names version 2: the server refuses, and the dialog says so.
      await page
        .getByRole('dialog')
        .getByText(/latest/)
        .waitFor();
      assert.equal((await server.api('GET', `${scratch}/versions/2`)).status, 200);
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

      await page.goto(`${server.url}/registries/reg1/models/scratch/versions/1`);
      await page.getByRole('button', { name: 'Delete…' }).click();
      await page
        .getByRole('dialog')
        .getByText(/removes the version for good/)
        .waitFor();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
      await page.waitForURL(/\/registries\/reg1\/models\/scratch$/);
      assert.equal((await server.api('GET', `${scratch}/versions/1`)).status, 404);
      assert.deepEqual(problems, []);
    },
  );

  it(
    "shows a component's inputs, outputs and YAML as text, with its environment in the lineage",
    { timeout: 60_000 },
    async () => {
      const { page, problems } = await signedInPage();
      await page.goto(`${server.url}/registries/reg1/components/train/versions/1`);
      await page.getByRole('table', { name: 'Inputs' }).getByText('epochs').waitFor();
      await page.getByRole('table', { name: 'Outputs' }).getByText('mlflow_model').waitFor();
      assert.equal(await page.getByLabel('Spec as written').textContent(), componentYaml);
      await page.getByTestId('lineage-graph').getByRole('link', { name: 'environment reg1/pytorch:1' }).waitFor();
      await checkPage(page, 'version-component');
      await page.goto(`${server.url}/registries/reg1/environments/pytorch/versions/1`);
      await page
        .getByText(`docker pull mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04@sha256:${'a'.repeat(64)}`)
        .waitFor();
      await page.getByTestId('image-not-held').waitFor();
      await checkPage(page, 'version-environment');
      assert.deepEqual(problems, []);
    },
  );

  it(
    "shows a pushed environment's image: layers, platform and config, and the signature that refers to it",
    { timeout: 60_000 },
    async () => {
      const repository = 'reg1/environments/trainer';
      const layers = [Buffer.from('layer one of the trainer image'), Buffer.from('layer two')];
      const subject = await pushImage(server, repository, 'v1', layers);
      const manifest = await ociRequest(server, 'GET', `/v2/${repository}/manifests/${subject}`, {
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      });
      const empty = Buffer.from('{}');
      for (const blob of [empty, Buffer.from('a signature')]) await pushBlob(server, repository, blob);
      const signature = JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType: 'application/vnd.dev.cosign.simplesigning.v1+json',
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: digestOf(empty), size: 2 },
        layers: [{ mediaType: 'application/octet-stream', digest: digestOf(Buffer.from('a signature')), size: 11 }],
        subject: {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: subject,
          size: manifest.text.length,
        },
      });
      const pushed = await ociRequest(
        server,
        'PUT',
        `/v2/${repository}/manifests/${digestOf(Buffer.from(signature))}`,
        {
          body: signature,
          headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
        },
      );
      assert.equal(pushed.status, 201, pushed.text);
      const { page, problems } = await signedInPage();
      await page.goto(`${server.url}/registries/reg1/environments/trainer/versions/v1`);
      const layerTable = page.getByRole('table', { name: 'Layers' });
      await layerTable.getByText(`${digestOf(layers[1] ?? Buffer.alloc(0)).slice(0, 19)}…`).waitFor();
      assert.equal(await layerTable.getByRole('row').count(), 3);
      await page.getByRole('table', { name: 'Image config' }).getByText('linux/amd64').waitFor();
      await page
        .getByRole('table', { name: 'Referrers' })
        .getByText('application/vnd.dev.cosign.simplesigning.v1+json')
        .waitFor();
      await checkPage(page, 'version-environment-image');
      assert.deepEqual(problems, []);
    },
  );
});
