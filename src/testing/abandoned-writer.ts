/**
 * A process that opens upload `uploadId` on a region's store, writes `count` pattern chunks of `size` bytes
 * (patternChunks) without ever closing the writer, prints `written` and waits to be killed: a server that
 * dies in the middle of a chunk. Run with `node --import tsx abandoned-writer.ts '<json>'`, where the JSON is
 * `{ config: RegionStoreConfig, uploadId, count, size }` and the store's credentials come from the environment.
 */
import type { RegionStoreConfig } from '../config/region-store-config.js';
import { patternChunks } from '../storage/blob/blob-helpers.suite.js';
import { createRegionStore } from '../storage/blob/region-store-factory.js';

const { config, uploadId, count, size } = JSON.parse(process.argv[2] ?? '{}') as {
  config: RegionStoreConfig;
  uploadId: string;
  count: number;
  size: number;
};
const writer = await createRegionStore(config, process.env).writer(uploadId);
for (const chunk of patternChunks(count, size)) await writer.write(chunk);
process.stdout.write('written\n');
// Held open until the parent's SIGKILL; bounded all the same, so a lost parent leaves no process behind.
setTimeout(() => process.exit(3), 60_000);
