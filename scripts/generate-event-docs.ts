import { readFile, writeFile } from 'node:fs/promises';
import { withEventCatalogue } from './event-docs.js';

const file = new URL('../docs/events.md', import.meta.url);
await writeFile(file, withEventCatalogue(await readFile(file, 'utf8')));
console.log('wrote the event catalogue in docs/events.md');
