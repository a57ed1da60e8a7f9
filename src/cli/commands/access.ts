import type { Command } from 'commander';
import { compact } from '../../core/compact.js';
import type { PrincipalKind, ScopeRef, Whoami } from '../../sdk/access-client.js';
import { ArcaApiError } from '../../sdk/errors.js';
import { CliError, exitStatus, usageError } from '../cli-error.js';
import { contextOf, type CliIo, type CommandContext } from '../context.js';
import { roleFileShape } from '../../core/file-shapes.js';
import { addIdArgument, idOf } from '../options.js';
import type { Column } from '../output.js';
import { readSpecFile } from '../spec-file.js';
import { addAuditExportCommand } from './audit-export.js';
import { addAuditCheckpointCommands } from './audit-checkpoint.js';

type Scoped = { registry?: string; workspace?: string };
type Assignee = { user?: string; sp?: string; group?: string };

function scopeOf(options: Scoped): ScopeRef {
  if (options.registry !== undefined && options.workspace !== undefined)
    throw usageError('UsageInvalid', 'give --registry or --workspace, not both');
  return {
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.workspace ? { workspace: options.workspace } : {}),
  };
}

/**
 * Runs a token command; when the server refuses it because of the token the CLI runs with (not the
 * role), prints the server's reason and then what to do about it.
 */
async function withCredentialHint<T>(context: CommandContext, hint: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ArcaApiError) || error.code !== 'CredentialRestricted') throw error;
    context.note(`error ${error.code}: ${error.message}`);
    context.note(`hint: ${hint}`);
    throw new CliError(error.code, error.message, exitStatus.requestFailed, { reported: true });
  }
}

const createHint =
  'tokens are managed with a full token (not read-only, not narrowed, not a /v2/ session token): run with ARCA_TOKEN set to one or after `arca login`; ' +
  'a narrowed token may only create a token for the same --registry/--workspace that expires no later than itself';
const revokeHint =
  'tokens are revoked with a full token (or, for a narrowed token, only itself and the tokens it created): run with ARCA_TOKEN set to one or after `arca login`';

function principalOf(options: Assignee): { kind: PrincipalKind; name: string } {
  const given = [
    options.user && { kind: 'user' as const, name: options.user },
    options.sp && { kind: 'service' as const, name: options.sp },
  ].filter((x) => !!x);
  const one = given[0];
  if (given.length !== 1 || !one) throw usageError('UsageInvalid', 'name exactly one of --user or --sp');
  return one;
}

function principalCommands(program: Command, io: CliIo, verb: string, kind: PrincipalKind, label: string): void {
  const group = program.command(verb).description(`${label}s`);
  for (const action of ['create', 'update'] as const) {
    group
      .command(action)
      .description(`${action === 'create' ? 'Create' : 'Update'} a ${label}`)
      .requiredOption('--name <name>', `${label} name`)
      .option('--email <email>', 'email address')
      .option('--display-name <text>', 'display name')
      .option('--disabled <bool>', 'true disables every token of the principal', (v) => v === 'true')
      .action(
        async (
          options: { name: string; email?: string; displayName?: string; disabled?: boolean },
          command: Command,
        ) => {
          const context = await contextOf(io, command);
          await context.print(
            await context
              .client()
              .access.putPrincipal(
                kind,
                options.name,
                compact({ email: options.email, display_name: options.displayName, disabled: options.disabled }),
              ),
          );
        },
      );
  }
  group
    .command('list')
    .description(`List ${label}s`)
    .action(async (_o: unknown, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().access.listPrincipals(kind), [
        { header: 'Name', cell: (p) => p.name },
        { header: 'Email', cell: (p) => p.email ?? '' },
        { header: 'Disabled', cell: (p) => String(p.disabled) },
      ]);
    });
  group
    .command('show')
    .requiredOption('--name <name>')
    .description(`Show a ${label}`)
    .action(async (options: { name: string }, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().access.getPrincipal(kind, options.name));
    });
  group
    .command('delete')
    .requiredOption('--name <name>')
    .option('--yes', 'do not ask')
    .description(`Delete a ${label}`)
    .action(async (options: { name: string; yes?: boolean }, command: Command) => {
      if (!options.yes) throw usageError('ConfirmationRequired', `pass --yes to delete ${label} ${options.name}`);
      const context = await contextOf(io, command);
      await context.client().access.deletePrincipal(kind, options.name);
    });
}

type WhoamiAssignment = Whoami['assignments'][number];
const whoamiColumns: Column<WhoamiAssignment>[] = [
  { header: 'Role', cell: (a) => a.role },
  { header: 'Scope', cell: (a) => a.scope },
  { header: 'Through', cell: (a) => (a.from_group === null ? 'direct' : `group ${a.from_group}`) },
];

/** Who the caller is and what the token may reach, as the line above the table of roles. */
function whoamiLine(me: Whoami): string {
  const who = `${me.principal.kind === 'service' ? 'service principal' : 'user'} ${me.principal.name}`;
  const narrowed = me.token.scope === null ? undefined : `narrowed to ${me.token.scope}`;
  const limits = [me.token.read_only ? 'read-only' : undefined, narrowed].filter((limit) => limit !== undefined);
  const roles = me.assignments.length === 0 ? '; no role assignments' : '';
  return `${who}, token ${me.token.id}${limits.length === 0 ? '' : ` (${limits.join(', ')})`}${roles}\n`;
}

/** The fields of an audit event a person reads in a table; the rest (ids, hashes, details) are for -o json. */
interface AuditListed {
  at: string;
  principal: string;
  action: string;
  target: string;
  outcome: string;
}

const auditColumns: readonly Column<AuditListed>[] = [
  { header: 'Time', cell: (e) => e.at },
  { header: 'Principal', cell: (e) => e.principal },
  { header: 'Action', cell: (e) => e.action },
  { header: 'Target', cell: (e) => e.target },
  { header: 'Outcome', cell: (e) => e.outcome },
];

/** `arca whoami|user|sp|group|token|role|audit …`: who may do what, and the evidence of it. */
export function addAccessCommands(program: Command, io: CliIo): void {
  program
    .command('whoami')
    .description("The caller, its token narrowing and role assignments (its own and its groups', saying which group)")
    .action(async (_o: unknown, command: Command) => {
      const context = await contextOf(io, command);
      const me = await context.client().access.whoami();
      if (context.format !== 'table' || context.globals.query !== undefined) {
        await context.print(me);
        return;
      }
      io.stdout.write(whoamiLine(me));
      if (me.assignments.length > 0) await context.print(me.assignments, whoamiColumns);
    });
  principalCommands(program, io, 'user', 'user', 'user');
  principalCommands(program, io, 'sp', 'service', 'service principal');

  const groups = program.command('group').description('Groups of users and service principals');
  groups
    .command('create')
    .requiredOption('--name <name>')
    .option('--description <text>')
    .description('Create or update a group')
    .action(async (options: { name: string; description?: string }, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().access.putGroup(options.name, options.description));
    });
  groups
    .command('list')
    .description('List groups')
    .action(async (_o: unknown, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().access.listGroups());
    });
  groups
    .command('show')
    .requiredOption('--name <name>')
    .description('Show a group and its members')
    .action(async (options: { name: string }, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().access.getGroup(options.name));
    });
  groups
    .command('delete')
    .requiredOption('--name <name>')
    .option('--yes')
    .description('Delete a group')
    .action(async (options: { name: string; yes?: boolean }, command: Command) => {
      if (!options.yes) throw usageError('ConfirmationRequired', `pass --yes to delete group ${options.name}`);
      await (await contextOf(io, command)).client().access.deleteGroup(options.name);
    });
  const members = groups.command('member').description('Group membership');
  for (const [verb, present] of [
    ['add', true],
    ['remove', false],
  ] as const) {
    members
      .command(verb)
      .requiredOption('--group <group>')
      .requiredOption('--member <name>', 'a user or service principal')
      .description(`${verb === 'add' ? 'Add' : 'Remove'} a member`)
      .action(async (options: { group: string; member: string }, command: Command) => {
        const context = await contextOf(io, command);
        await context.print(await context.client().access.setMember(options.group, options.member, present));
      });
  }

  const tokens = program
    .command('token')
    .description('Personal and service tokens (stored hashed; the secret is shown once)');
  tokens
    .command('create')
    .description('Create a token; -o json prints the secret once in `token`')
    .option('--user <name>')
    .option('--sp <name>')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--expires-in-days <days>', 'expire after this many days', (v) => Number(v))
    .option('--read-only', 'only read permissions')
    .option('--registry <name>', 'limit to one registry')
    .option('--workspace <name>', 'limit to one workspace')
    .action(
      async (
        options: Assignee & Scoped & { name: string; expiresInDays?: number; readOnly?: boolean },
        command: Command,
      ) => {
        const who = principalOf(options);
        if (options.expiresInDays !== undefined && !(options.expiresInDays > 0))
          throw usageError('UsageInvalid', '--expires-in-days must be a positive number');
        const context = await contextOf(io, command);
        const expires =
          options.expiresInDays === undefined
            ? {}
            : { expires_at: new Date(Date.now() + options.expiresInDays * 86_400_000).toISOString() };
        const body = {
          name: options.name,
          ...expires,
          ...(options.readOnly ? { read_only: true } : {}),
          ...scopeOf(options),
        };
        await context.print(
          await withCredentialHint(context, createHint, () =>
            context.client().access.createToken(who.kind, who.name, body),
          ),
        );
      },
    );
  tokens
    .command('list')
    .option('--user <name>')
    .option('--sp <name>')
    .description('List tokens (never their secrets)')
    .action(async (options: Assignee, command: Command) => {
      const who = principalOf(options);
      const context = await contextOf(io, command);
      await context.print(await context.client().access.listTokens(who.kind, who.name), [
        { header: 'Id', cell: (t) => t.id },
        { header: 'Name', cell: (t) => t.name },
        { header: 'Expires', cell: (t) => t.expires_at ?? '' },
        { header: 'Revoked', cell: (t) => t.revoked_at ?? '' },
        { header: 'Last used', cell: (t) => t.last_used_at ?? '' },
      ]);
    });
  addIdArgument(tokens.command('revoke'), 'token id (from token list)')
    .description('Revoke a token')
    .action(async (id: string | undefined, options: { id?: string }, command: Command) => {
      const tokenId = idOf(id, options, 'arca token revoke <id>');
      const context = await contextOf(io, command);
      await context.print(
        await withCredentialHint(context, revokeHint, () => context.client().access.revokeToken(tokenId)),
      );
    });

  const roles = program.command('role').description('Roles and role assignments');
  roles
    .command('list')
    .description('Built-in and custom roles')
    .action(async (_o: unknown, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().access.listRoles(), [
        { header: 'Name', cell: (r) => r.name },
        { header: 'Built-in', cell: (r) => String(r.built_in) },
        { header: 'Description', cell: (r) => r.description },
      ]);
    });
  roles
    .command('show')
    .requiredOption('--name <name>')
    .description('A role and the permissions it grants')
    .action(async (options: { name: string }, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().access.getRole(options.name));
    });
  roles
    .command('create')
    .requiredOption('--file <file>', 'YAML or JSON: name, description, actions, not_actions')
    .description('Create a custom role')
    .action(async (options: { file: string }, command: Command) => {
      const file = await readSpecFile(options.file);
      file.checkFields(roleFileShape);
      const spec = file.value as { name?: string; description?: string; actions?: string[]; not_actions?: string[] };
      if (typeof spec.name !== 'string' || !Array.isArray(spec.actions))
        throw usageError('UsageInvalid', `${options.file} must give name and actions`);
      const context = await contextOf(io, command);
      await context.print(
        await context.client().access.createRole(spec.name, {
          actions: spec.actions,
          ...compact({ description: spec.description, not_actions: spec.not_actions }),
        }),
      );
    });
  roles
    .command('assign')
    .requiredOption('--role <role>')
    .option('--user <name>')
    .option('--sp <name>')
    .option('--group <name>')
    .option('--registry <name>')
    .option('--workspace <name>')
    .description('Assign a role at org (default), a registry or a workspace')
    .action(async (options: Assignee & Scoped & { role: string }, command: Command) => {
      const given = [options.user, options.sp, options.group].filter((x) => x !== undefined);
      if (given.length !== 1) throw usageError('UsageInvalid', 'name exactly one of --user, --sp or --group');
      const context = await contextOf(io, command);
      await context.print(
        await context.client().access.assign({
          role: options.role,
          ...(options.user ? { user: options.user } : {}),
          ...(options.sp ? { service_principal: options.sp } : {}),
          ...(options.group ? { group: options.group } : {}),
          ...scopeOf(options),
        }),
      );
    });
  const assignments = roles.command('assignment').description('Role assignments');
  assignments
    .command('list')
    .option('--registry <name>')
    .option('--workspace <name>')
    .description('List role assignments')
    .action(async (options: Scoped, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().access.assignments(scopeOf(options)), [
        { header: 'Id', cell: (a) => a.id },
        { header: 'Role', cell: (a) => a.role },
        { header: 'Assignee', cell: (a) => a.assignee },
        { header: 'Scope', cell: (a) => a.scope },
      ]);
    });
  addIdArgument(assignments.command('delete'), 'assignment id (from role assignment list)')
    .description('Remove a role assignment')
    .action(async (id: string | undefined, options: { id?: string }, command: Command) => {
      const assignmentId = idOf(id, options, 'arca role assignment delete <id>');
      await (await contextOf(io, command)).client().access.unassign(assignmentId);
    });

  const audit = program.command('audit').description('The hash-chained audit log');
  audit
    .command('list')
    .option('--since <time>')
    .option('--until <time>')
    .option('--principal <name>')
    .option('--action <action>', 'e.g. data/versions/commit (also finds events recorded as datas/… before the rename)')
    .option('--target <ref>')
    .option('--outcome <outcome>')
    .option('--top <n>', 'page size', (v) => Number(v))
    .description(
      'List audit events; the table shows who did what to which target and how it ended, -o json every field (hashes, details)',
    )
    .action(async (options: Record<string, string | number | undefined>, command: Command) => {
      const context = await contextOf(io, command);
      await context.print((await context.client().access.audit(options)).value as AuditListed[], auditColumns);
    });
  addAuditCheckpointCommands(audit, io);
  addAuditExportCommand(audit, io);
}
