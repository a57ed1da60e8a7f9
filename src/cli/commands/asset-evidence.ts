import type { Command } from 'commander';
import { resolve } from 'node:path';
import { addScopeOptions, resolveRef, versionLabel, type ScopeFlags } from '../asset-ref.js';
import { contextOf, type CliIo } from '../context.js';
import { render } from '../output.js';
import type { AssetKindSpec } from './asset-kind.js';
import { writeFileAtomically } from './output-file.js';

const countOf = (list: unknown): number => (Array.isArray(list) ? list.length : 0);

/** `evidence`: the one document an auditor asks for about a version. */
export function addEvidenceCommand(group: Command, io: CliIo, kind: AssetKindSpec): void {
  addScopeOptions(group.command('evidence'), 'of a short reference')
    .description(
      `Write the evidence of ${kind.aNoun} version as one JSON document: the version, its files and digests, lineage, ` +
        'every alias move and approval that touched it, and the audit events about it (needs audit/read)',
    )
    .argument(
      '<ref>',
      'the version: <name>:<version>, <name>@<alias>, <registry>/<name>:<version>, arca://… (a bare name means the latest)',
    )
    .option('--out <file>', 'write the document to this file (then stdout shows a summary) instead of stdout')
    .action(async (text: string, options: ScopeFlags & { out?: string }, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      const client = context.client();
      const evidence = await client.assets.versionEvidence(ref.asset, await versionLabel(client, ref));
      if (options.out === undefined) {
        // The document itself is the result: JSON unless -o asks for another form, never a table by default.
        io.stdout.write(
          await render(evidence, { format: context.globals.output ?? 'json', query: context.globals.query }),
        );
        return;
      }
      const path = resolve(options.out);
      await writeFileAtomically(path, [`${JSON.stringify(evidence, null, 2)}\n`]);
      await context.print({
        reference: evidence['reference'],
        path,
        alias_moves: countOf(evidence['alias_moves']),
        approvals: countOf(evidence['approvals']),
        audit_events: countOf(evidence['audit_events']),
      });
    });
}
