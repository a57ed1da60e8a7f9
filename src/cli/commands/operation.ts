import type { Command } from 'commander';
import type { Operation } from '../../sdk/client.js';
import { contextOf, type CliIo } from '../context.js';
import { addIdArgument, idOf } from '../options.js';
import type { Column } from '../output.js';

/** Table columns of an operation. */
export const operationColumns: readonly Column<Operation>[] = [
  { header: 'Id', cell: (op) => op.id },
  { header: 'Kind', cell: (op) => op.kind },
  { header: 'Target', cell: (op) => `${op.target.kind} ${op.target.name}` },
  { header: 'Status', cell: (op) => op.status },
  { header: 'Error', cell: (op) => (op.error === undefined ? '' : `${op.error.code}: ${op.error.message}`) },
];

/** `arca operation show <id>`. */
export function addOperationCommands(program: Command, io: CliIo): void {
  const group = program.command('operation').description('Long-running operations (create, add a region, delete)');
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
