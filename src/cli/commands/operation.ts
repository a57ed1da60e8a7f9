import { Option, type Command } from 'commander';
import { compact } from '../../core/compact.js';
import type { Operation, OperationStatus } from '../../sdk/client.js';
import { contextOf, type CliIo } from '../context.js';
import { addIdArgument, idOf, pageSize } from '../options.js';
import type { Column } from '../output.js';
import { collectPages } from '../pages.js';

const operationStatuses: readonly OperationStatus[] = ['Running', 'Succeeded', 'Failed', 'Canceled'];

/** Table columns of an operation. */
export const operationColumns: readonly Column<Operation>[] = [
  { header: 'Id', cell: (op) => op.id },
  { header: 'Kind', cell: (op) => op.kind },
  { header: 'Target', cell: (op) => `${op.target.kind} ${op.target.name}` },
  { header: 'Status', cell: (op) => op.status },
  { header: 'Created', cell: (op) => `${op.created_at} by ${op.created_by}` },
  { header: 'Error', cell: (op) => (op.error === undefined ? '' : `${op.error.code}: ${op.error.message}`) },
];

interface ListFlags {
  status?: OperationStatus;
  kind?: string;
  top?: number;
  all?: boolean;
}

/** `arca operation list|show|retry|cancel`. */
export function addOperationCommands(program: Command, io: CliIo): void {
  const group = program.command('operation').description('Long-running operations (create, add a region, delete)');
  group
    .command('list')
    .description('List the operations you may see, newest first')
    .addOption(new Option('--status <status>', 'only operations in this status').choices(operationStatuses))
    .option('--kind <kind>', 'only operations of this kind: scope.provision, scope.delete')
    .option('--top <n>', 'page size, 1 to 1000', pageSize)
    .option('--all', 'follow the pages to the end')
    .action(async (flags: ListFlags, command: Command) => {
      const context = await contextOf(io, command);
      const filter = compact({ status: flags.status, kind: flags.kind, top: flags.top });
      const client = context.client();
      const items = await collectPages(context, flags.all === true, 'operations', (cursor) =>
        client.listOperations({ ...filter, ...compact({ cursor }) }),
      );
      await context.print(items, operationColumns);
    });
  addIdArgument(group.command('retry'), 'operation id (from arca operation list)')
    .description(
      'Run a failed or cancelled operation again under the same id, and wait for it (OperationNotActive otherwise)',
    )
    .option('--no-wait', 'return the operation instead of waiting for it')
    .action(async (id: string | undefined, options: { id?: string; wait: boolean }, command: Command) => {
      const context = await contextOf(io, command);
      const operation = await context.client().retryOperation(idOf(id, options, 'arca operation retry <id>'));
      await context.print(
        options.wait ? await context.waitFor(operation, `operation ${operation.id}`) : operation,
        operationColumns,
      );
    });
  addIdArgument(group.command('cancel'), 'operation id (from arca operation list)')
    .description('Cancel a running provisioning: it stops before its next region (a deletion cannot be cancelled)')
    .action(async (id: string | undefined, options: { id?: string }, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(
        await context.client().cancelOperation(idOf(id, options, 'arca operation cancel <id>')),
        operationColumns,
      );
    });
  addIdArgument(group.command('show'), 'operation id (from --no-wait output or a Location header)')
    .description('Show an operation')
    .action(async (id: string | undefined, options: { id?: string }, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(
        await context.client().getOperation(idOf(id, options, 'arca operation show <id>')),
        operationColumns,
      );
    });
}
