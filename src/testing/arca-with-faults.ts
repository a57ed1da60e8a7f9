/**
 * The `arca` command line with test faults in its region stores, for process tests (run with tsx, see
 * `spawnServe`'s `blobFaults`). Reads the faults from `ARCA_TEST_BLOB_FAULTS` (a JSON `BlobFaults`),
 * installs them through the server's region-store hook, then runs the normal CLI.
 */
import { main } from '../cli/main.js';
import { wrapRegionStoresOfServe } from '../server.js';
import { blobFaultsVariable, faultyRegionStores, type BlobFaults } from './blob-faults.js';

const described = process.env[blobFaultsVariable];
if (described !== undefined && described !== '') {
  wrapRegionStoresOfServe(faultyRegionStores(JSON.parse(described) as BlobFaults));
}
process.exitCode = await main(process.argv.slice(2));
