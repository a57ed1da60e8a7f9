import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { compact } from '../../core/compact.js';
import { ArcaApiError } from '../../sdk/errors.js';
import { contextOf, type CliIo } from '../context.js';
import { copyToTextStream, writeFileAtomically } from './output-file.js';

interface ExportOptions {
  since?: string;
  until?: string;
  format: 'jsonl';
  out?: string;
}

/** Counts the lines and bytes that pass, without holding any of them. */
class LineCount {
  events = 0;
  bytes = 0;

  async *through(source: Readable): AsyncGenerator<string> {
    for await (const chunk of source.setEncoding('utf8') as AsyncIterable<string>) {
      this.bytes += Buffer.byteLength(chunk);
      for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', at + 1)) this.events += 1;
      yield chunk;
    }
  }
}

/** `arca audit export`: the audit log as JSON lines, streamed from the server to stdout or a file in constant memory. */
export function addAuditExportCommand(audit: Command, io: CliIo): void {
  audit
    .command('export')
    .description(
      'Export audit events, oldest first, as JSON lines (one event per line, each with its chain hash): evidence for an auditor',
    )
    .option('--since <time>', 'ISO-8601 date or date-time (UTC unless an offset is given); inclusive')
    .option('--until <time>', 'ISO-8601 date or date-time; exclusive')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl']).default('jsonl'))
    .option('--out <file>', 'write to this file (replaced only when the export completes) instead of stdout')
    .action(async (options: ExportOptions, command: Command) => {
      const context = await contextOf(io, command);
      const range = compact({ since: options.since, until: options.until });
      const events = await context.client().access.exportAudit(range);
      const count = new LineCount();
      const path = options.out === undefined ? undefined : resolve(options.out);
      try {
        if (path === undefined) await copyToTextStream(count.through(events), io.stdout);
        else await writeFileAtomically(path, count.through(events));
      } catch (error) {
        events.destroy();
        if (!(error instanceof ArcaApiError)) throw error;
        const unwritten = path === undefined ? '' : `; ${path} was not written`;
        throw new ArcaApiError(
          error.status,
          error.code,
          `${error.message}: the export stopped after ${count.events} events${unwritten}`,
          error.target,
        );
      }
      if (path !== undefined) await context.print({ path, events: count.events, bytes: count.bytes });
    });
}
