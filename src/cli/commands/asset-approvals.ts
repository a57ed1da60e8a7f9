import { Option, type Command } from 'commander';
import type { Approval, ApprovalState, AssetLocator } from '../../sdk/client.js';
import { addScopeOptions, resolveRef, versionLabel, type ScopeFlags } from '../asset-ref.js';
import { contextOf, type CliIo } from '../context.js';
import { addIdArgument, idOf } from '../options.js';
import type { Column } from '../output.js';
import { assetDetailColumns, type AssetKindSpec } from './asset-kind.js';
import { aliasName } from './asset-labels.js';

const assetRefHelp = 'arca://…, <registry>/<name>, or <name> with --registry/--workspace';
const versionRefHelp =
  'arca://…, <registry>/<name>:<version>, or <name>:<version> with --registry/--workspace (a bare name means the latest)';

/** Table columns of an approval request. */
const approvalColumns: readonly Column<Approval>[] = [
  { header: 'Id', cell: (a) => a.id },
  { header: 'Alias', cell: (a) => a.alias },
  { header: 'Version', cell: (a) => a.version },
  { header: 'State', cell: (a) => a.state },
  { header: 'Requested by', cell: (a) => a.requested_by },
  { header: 'Reason', cell: (a) => a.reason ?? '' },
  { header: 'Decided by', cell: (a) => a.decided_by ?? '' },
];

/** The asset and a request id as a hint names them on a command line: `<registry>/<name> <id>`, or `<name> <id> --workspace <w>`. */
function requestArgs(asset: AssetLocator, id: string): string {
  return asset.scopeKind === 'registry'
    ? `${asset.scope}/${asset.name} ${id}`
    : `${asset.name} ${id} --workspace ${asset.scope}`;
}

/** `approval request|list|approve|reject` and `rollback`: moving a protected alias through another principal's approval. */
export function addApprovalCommands(group: Command, io: CliIo, kind: AssetKindSpec): void {
  const approval = group
    .command('approval')
    .description(
      `Approval requests: asking another principal with …/assets/approve to move a protected alias (production) of ${kind.aNoun}`,
    );

  addScopeOptions(approval.command('request'), 'of a short reference')
    .description('Ask for a protected alias to move to a version; an approver other than you grants or rejects it')
    .argument('<ref>', `the version the alias should move to: ${versionRefHelp}`)
    .requiredOption('--alias <alias>', 'the alias to move')
    .requiredOption('--reason <text>', 'why, for the approver and the audit log')
    .action(async (text: string, options: ScopeFlags & { alias: string; reason: string }, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      const client = context.client();
      const label = await versionLabel(client, ref);
      const filed = await client.assets.requestApproval(ref.asset, aliasName(options.alias), label, {
        reason: options.reason,
      });
      await context.print(filed, approvalColumns);
      context.note(
        `approval request ${filed.id} is pending; an approver grants it with: arca ${kind.noun} approval approve ${requestArgs(ref.asset, filed.id)}`,
      );
    });

  addScopeOptions(approval.command('list'), 'of a short reference')
    .description(`Approval requests of ${kind.aNoun}, newest first`)
    .argument('<ref>', `the ${kind.noun}: ${assetRefHelp}`)
    .addOption(
      new Option('--state <state>', 'only requests in this state').choices(['pending', 'approved', 'rejected']),
    )
    .action(async (text: string, options: ScopeFlags & { state?: ApprovalState }, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      await context.print(
        await context
          .client()
          .assets.listApprovals(ref.asset, options.state === undefined ? {} : { state: options.state }),
        approvalColumns,
      );
    });

  for (const [decision, summary] of [
    ['approve', 'Grant a pending request: the alias moves to its version (never by the requester)'],
    ['reject', 'Reject a pending request: the alias stays where it is (never by the requester)'],
  ] as const) {
    const decide = addScopeOptions(approval.command(decision), 'of a short reference')
      .description(summary)
      .argument('<ref>', `the ${kind.noun}: ${assetRefHelp}`);
    addIdArgument(decide, 'the approval request id (see approval list)')
      .option('--reason <text>', 'why, for the requester and the audit log')
      .action(
        async (
          text: string,
          id: string | undefined,
          options: ScopeFlags & { id?: string; reason?: string },
          command: Command,
        ) => {
          const requestId = idOf(id, options, `arca ${kind.noun} approval ${decision} <ref> <id>`);
          const context = await contextOf(io, command);
          const ref = resolveRef(text, kind.type, options);
          const decided = await context
            .client()
            .assets.decideApproval(
              ref.asset,
              requestId,
              decision,
              options.reason === undefined ? {} : { reason: options.reason },
            );
          await context.print(decided, approvalColumns);
          if (decided.state === 'approved')
            context.note(
              `alias ${decided.alias} of ${kind.noun} ${ref.asset.name} now points at version ${decided.version}`,
            );
        },
      );
  }

  addScopeOptions(group.command('rollback'), 'of a short reference')
    .description(
      'Move an alias back to the version it named before its last move; on a protected alias, without …/assets/approve, this files an approval request instead',
    )
    .argument('<ref>', `the ${kind.noun}: ${assetRefHelp}`)
    .requiredOption('--alias <alias>', 'the alias to move back')
    .option('--reason <text>', 'why, for the audit log (and the approver)')
    .action(async (text: string, options: ScopeFlags & { alias: string; reason?: string }, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      const alias = aliasName(options.alias);
      const result = await context
        .client()
        .assets.rollbackAlias(ref.asset, alias, options.reason === undefined ? {} : { reason: options.reason });
      if (result.kind === 'moved') {
        await context.print(result.asset, assetDetailColumns);
        context.note(
          `rolled back: alias ${alias} of ${kind.noun} ${ref.asset.name} points at version ${result.asset.aliases[alias] ?? '?'} again`,
        );
        return;
      }
      const filed = result.approval;
      await context.print(filed, approvalColumns);
      context.note(
        `alias ${alias} is protected, so it did not move: filed approval request ${filed.id} to move it back to version ${filed.version}; ` +
          `an approver grants it with: arca ${kind.noun} approval approve ${requestArgs(ref.asset, filed.id)}`,
      );
    });
}
