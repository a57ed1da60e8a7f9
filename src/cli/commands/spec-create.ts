import type { Command } from 'commander';
import { resolve } from 'node:path';
import { compact } from '../../core/compact.js';
import type { ComponentSpec } from '../../core/component-spec.js';
import type { EnvironmentSpec } from '../../core/environment-spec.js';
import { ArcaError } from '../../core/errors.js';
import { assertNewVersionLabel } from '../../core/names.js';
import type { AssetLocator, NewVersion } from '../../sdk/client.js';
import { ArcaApiError } from '../../sdk/errors.js';
import { addScopeOptions, checked, requiredScope, type ScopeFlags } from '../asset-ref.js';
import { usageError } from '../cli-error.js';
import { contextOf, type CliIo, type CommandContext } from '../context.js';
import { keyValues } from '../options.js';
import { readSpecText } from '../spec-file.js';
import type { AssetKindSpec } from './asset-kind.js';
import { addLineageOptions, lineageOf, type LineageFlags } from './lineage-options.js';
import {
  addAllowDuplicateOption,
  addDigestCacheOption,
  allowDuplicateOf,
  pushLocalVersion,
  skippedLinksNote,
} from './version-push.js';

interface SpecCreateOptions extends ScopeFlags, LineageFlags {
  file: string;
  version?: string;
  description?: string;
  tags?: string[];
  properties?: string[];
  job?: string;
  source?: string;
  allowDuplicate?: boolean;
  /** False with `--no-cache`. */
  cache?: boolean;
}

/**
 * Reads and validates the YAML with the server's own parser from `core`, so a mistake is a usage
 * error naming its line before any file is hashed; the server checks again (and resolves references).
 */
async function readSpec(
  kind: AssetKindSpec,
  file: string,
): Promise<{ text: string; spec: EnvironmentSpec | ComponentSpec }> {
  const text = readSpecText(file);
  try {
    if (kind.type === 'environment')
      return { text, spec: (await import('../../core/environment-spec.js')).parseEnvironmentSpec(text) };
    return { text, spec: (await import('../../core/component-spec.js')).parseComponentSpec(text) };
  } catch (error) {
    if (error instanceof ArcaError) throw usageError(error.code, `${file}: ${error.message}`);
    throw error;
  }
}

/** The spec errors the server finds (an environment that does not resolve) name a line: this says of which file. */
function inFile(error: unknown, file: string): unknown {
  if (!(error instanceof ArcaApiError) || !['EnvironmentSpecInvalid', 'ComponentSpecInvalid'].includes(error.code))
    return error;
  return new ArcaApiError(error.status, error.code, `${file}: ${error.message}`, error.target);
}

async function create(context: CommandContext, kind: AssetKindSpec, options: SpecCreateOptions): Promise<void> {
  if (options.version !== undefined) checked(() => assertNewVersionLabel(options.version ?? '', 'version'));
  const scope = requiredScope(options, `create the ${kind.noun}`);
  const { text, spec } = await readSpec(kind, options.file);
  const asset: AssetLocator = { ...scope, type: kind.type, name: spec.name };
  // The YAML's description and tags describe the version, as `az ml … create --file` reads them; flags win.
  const tags = { ...spec.tags, ...keyValues(options.tags, '--tags') };
  const properties = keyValues(options.properties, '--properties');
  const lineage = lineageOf(options, kind, scope);
  const version = options.version ?? spec.version;
  const description = options.description ?? spec.description;
  const metadata: Omit<NewVersion, 'files'> = {
    spec: text,
    ...compact({ version, description }),
    ...(Object.keys(tags).length === 0 ? {} : { tags }),
    ...(Object.keys(properties).length === 0 ? {} : { properties }),
    ...compact({ job: options.job, source: options.source, lineage }),
    ...allowDuplicateOf(options),
  };
  const { listSpecFiles, localPathsOf } = await import('../transfer/spec-files.js');
  const local = await listSpecFiles(options.file, localPathsOf(spec));
  if (local.skippedLinks.length > 0)
    context.note(skippedLinksNote(local.skippedLinks, `the folders ${options.file} names`));
  await pushLocalVersion(context, {
    asset,
    files: local.files,
    metadata,
    statePath: resolve(options.file),
    shownAs: options.file,
    digestCache: options.cache,
  }).catch((error: unknown) => {
    throw inFile(error, options.file);
  });
}

/**
 * `arca environment|component create --file`: registers a version from its Azure-ML-style YAML, which
 * names the asset; the files it points at (an environment's conda file and build context, a
 * component's code folder) become the version's files, uploaded as `model create` uploads.
 */
export function addSpecCreateCommand(group: Command, io: CliIo, kind: AssetKindSpec): void {
  const files =
    kind.type === 'environment'
      ? 'its conda file (conda_file) and Docker build context (build.path)'
      : 'its code folder (code)';
  const command = group
    .command('create')
    .description(
      `Register ${kind.aNoun} version from its Azure-ML-style YAML: the YAML names the ${kind.noun}; ${files}, ` +
        'relative to the YAML file, are hashed and uploaded as far as the server lacks them (resumable), then committed',
    )
    .requiredOption('-f, --file <yaml>', `the ${kind.noun} YAML`)
    .option('-v, --version <label>', "version label (default: the YAML's version, else the next integer)");
  addScopeOptions(command, `to create the ${kind.noun} in`)
    .option('-d, --description <text>', "description of the version (default: the YAML's)")
    .option('--tags <key=value...>', "tags of the version (added to the YAML's)")
    .option('--properties <key=value...>', 'properties of the version')
    .option('--job <text>', 'the job that produced it')
    .option('--source <text>', 'where it came from');
  addLineageOptions(command, kind);
  addAllowDuplicateOption(command);
  addDigestCacheOption(command);
  command.action(async (options: SpecCreateOptions, cmd: Command) => create(await contextOf(io, cmd), kind, options));
}
