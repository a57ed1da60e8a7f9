import { writeFile } from 'node:fs/promises';
import { renderErrorDocs } from './error-docs.js';

await writeFile(new URL('../docs/errors.md', import.meta.url), renderErrorDocs());
console.log('wrote docs/errors.md');
