import { commonEventData, eventCatalogue, type EventTypeDescriptor } from '../src/core/events.js';

const start = '<!-- event catalogue: generated from src/core/events.ts by `npm run docs:events`; do not edit -->';
const end = '<!-- end of event catalogue -->';

/** The catalogue section of docs/events.md, rendered from src/core/events.ts. */
export function renderEventCatalogue(): string {
  const summary = Object.entries(eventCatalogue).map(
    ([type, d]: [string, EventTypeDescriptor]) => `| \`${type}\` | ${d.subject} | ${cell(d.description)} |`,
  );
  const sections = Object.entries(eventCatalogue).flatMap(([type, d]: [string, EventTypeDescriptor]) => [
    `### \`${type}\``,
    '',
    d.description,
    '',
    '| `data` field | meaning |',
    '| --- | --- |',
    ...Object.entries(d.data).map(([field, meaning]) => `| \`${field}\` | ${cell(meaning)} |`),
    '',
  ]);
  return [
    start,
    '',
    '| type | subject | when |',
    '| --- | --- | --- |',
    ...summary,
    '',
    "Every event's `data` has these fields, then those of its type:",
    '',
    '| `data` field | meaning |',
    '| --- | --- |',
    ...Object.entries(commonEventData).map(([field, meaning]) => `| \`${field}\` | ${cell(meaning)} |`),
    '',
    ...sections,
    end,
  ].join('\n');
}

/** docs/events.md with its catalogue section replaced by the rendering of the catalogue. */
export function withEventCatalogue(markdown: string): string {
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/events.md has no catalogue section (${start} … ${end})`);
  return `${markdown.slice(0, from)}${renderEventCatalogue()}${markdown.slice(to + end.length)}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
