const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Normalises an ISO-8601 date or date-time (`2026-01-01`, `2026-01-01T10:00:00Z`,
 * `2026-01-01T12:00+02:00`) to the stored form, UTC with milliseconds (`toISOString()`), or returns
 * undefined when the text is not one. A date alone is midnight UTC; a time without a zone is UTC.
 */
export function normaliseTimestamp(text: string): string | undefined {
  const match = isoPattern.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = parts;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  // setUTCFullYear (unlike Date.UTC) keeps years below 100 as written; it rolls 31 April over into May, refused below.
  const local = new Date(0);
  local.setUTCFullYear(y, mo - 1, d);
  local.setUTCHours(h, mi, s, ms);
  if (local.getUTCMonth() !== mo - 1 || local.getUTCDate() !== d) return undefined;
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined) return undefined;
  const instant = new Date(local.getTime() - offset * 60_000);
  const instantYear = instant.getUTCFullYear();
  if (instantYear < 0 || instantYear > 9999) return undefined;
  return instant.toISOString();
}

function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}
