import type { Command } from 'commander';
import { ArcaError } from '../../core/errors.js';
import { parseReference, type ReferenceContext } from '../../core/references.js';
import type { AssetKind, Lineage } from '../../sdk/client.js';
import { withArticle } from '../asset-ref.js';
import { usageError } from '../cli-error.js';
import { collect } from '../options.js';
import type { AssetKindSpec } from './asset-kind.js';

/** `--data`, `--parent`/`--model`, `--component`, `--environment`: what a new version was derived from. */
export interface LineageFlags {
  data?: string[];
  /** The parent model of a model. */
  parent?: string;
  /** The model another type of version was derived from. */
  model?: string;
  component?: string;
  environment?: string;
}

const refForms = '<name>:<version>, <name>@<alias>, <registry>/<name>:<version> or arca://…';

/** The flag that names the model a version derives from: a model has a parent, anything else a model. */
function modelFlag(kind: AssetKindSpec): '--parent' | '--model' {
  return kind.type === 'model' ? '--parent' : '--model';
}

/** Adds the lineage flags to a `create` command. */
export function addLineageOptions(command: Command, kind: AssetKindSpec): Command {
  command.option('--data <ref>', `a data version it was derived from (repeatable): ${refForms}`, collect);
  if (kind.type === 'model')
    command.option('--parent <ref>', 'the model version it was derived from (fine-tuned, retrained, distilled)');
  else command.option('--model <ref>', 'the model version it was derived from');
  return command
    .option('--component <ref>', 'the component version that produced it')
    .option('--environment <ref>', 'the environment version it was produced in');
}

/**
 * Checks a reference's syntax and type here, so a typo is a usage error before any file is hashed;
 * the server resolves it (in the version's own registry or workspace for short forms) when the
 * version is begun. The text is sent as given, so the server's messages quote what was typed.
 */
function checkedReference(text: string, type: AssetKind, option: string, scope: ReferenceContext): string {
  let ref;
  try {
    ref = parseReference(text, { context: scope, defaultType: type, target: option });
  } catch (error) {
    if (error instanceof ArcaError) throw usageError(error.code, `${option}: ${error.message}`);
    throw error;
  }
  if (ref.assetType !== type)
    throw usageError(
      'ReferenceInvalid',
      `${option} ${text} names ${withArticle(ref.assetType ?? 'different')} version; ${option} takes ${withArticle(type)} version`,
    );
  return text;
}

/** The `lineage` of the begin body, or undefined when no flag was given. */
export function lineageOf(flags: LineageFlags, kind: AssetKindSpec, scope: ReferenceContext): Lineage | undefined {
  const model = kind.type === 'model' ? flags.parent : flags.model;
  const lineage: Lineage = {
    ...(flags.data === undefined
      ? {}
      : { data: flags.data.map((ref) => checkedReference(ref, 'data', '--data', scope)) }),
    ...(model === undefined ? {} : { model: checkedReference(model, 'model', modelFlag(kind), scope) }),
    ...(flags.component === undefined
      ? {}
      : { component: checkedReference(flags.component, 'component', '--component', scope) }),
    ...(flags.environment === undefined
      ? {}
      : { environment: checkedReference(flags.environment, 'environment', '--environment', scope) }),
  };
  return Object.keys(lineage).length === 0 ? undefined : lineage;
}
