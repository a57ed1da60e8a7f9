// Runs the CLI from source (development and tests: `node --import tsx src/cli/main-entry.ts …`);
// users run bin/arca, which runs the compiled dist/cli/main.js the same way.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
