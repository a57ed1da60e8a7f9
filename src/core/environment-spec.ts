import { isMap } from 'yaml';
import { compact } from './compact.js';
import { isDigest } from './digest.js';
import { arcaError } from './errors.js';
import { SpecReader, type SpecEntry } from './spec-reader.js';

/** An OCI image reference split into its parts; `domain` is absent for a bare repository (`library/ubuntu`). */
export interface ImageReference {
  domain?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** A Docker build context: `path` holds the context, `dockerfilePath` is relative to it. */
export interface EnvironmentBuild {
  path: string;
  dockerfilePath?: string;
}

/** A validated Azure ML environment YAML; `image` or `build` (or both) is always present. */
export interface EnvironmentSpec {
  name: string;
  version?: string;
  description?: string;
  tags: Record<string, string>;
  image?: string;
  /** A path to a conda file, or the conda file inline, kept as metadata. */
  condaFile?: string | Record<string, unknown>;
  build?: EnvironmentBuild;
  osType?: 'linux' | 'windows';
  /** Kept as metadata, unread. */
  inferenceConfig?: unknown;
}

const environmentFields = [
  '$schema',
  'name',
  'version',
  'description',
  'tags',
  'image',
  'conda_file',
  'build',
  'os_type',
  'inference_config',
] as const;
const buildFields = ['path', 'dockerfile_path'] as const;
const osTypes = ['linux', 'windows'] as const;

/**
 * Parses and validates an Azure ML environment YAML. Throws one `EnvironmentSpecInvalid` listing
 * every problem, each message starting with `line N:`.
 */
export function parseEnvironmentSpec(text: string): EnvironmentSpec {
  const reader = new SpecReader('EnvironmentSpecInvalid', text);
  const root = reader.root();
  const fields = reader.fields(root, '', environmentFields);
  const { name, version } = reader.nameAndVersion(fields, root);
  const description = reader.string(fields.get('description')?.value, 'description');
  const tags = reader.tags(fields.get('tags')?.value);

  const imageNode = fields.get('image')?.value;
  const image = reader.string(imageNode, 'image');
  if (image !== undefined) {
    const parsed = splitImageReference(image);
    if (typeof parsed === 'string')
      reader.report(imageNode, 'image', `image ${JSON.stringify(image)} is invalid: ${parsed}`);
  }
  const build = readBuild(reader, fields.get('build'));
  if (!reader.present(imageNode) && !reader.present(fields.get('build')?.value)) {
    const misspelt = reader.misspelling(fields, 'image') ?? reader.misspelling(fields, 'build');
    const hint = reader.misspellingHint(fields, 'image', 'build');
    const problem = `an environment needs an image, a build context (build.path), or both${hint}`;
    reader.report(misspelt?.key ?? root, '', problem);
  }

  const condaNode = fields.get('conda_file')?.value;
  const condaFile = isMap(condaNode)
    ? (reader.opaque(condaNode) as Record<string, unknown>)
    : reader.string(condaNode, 'conda_file');
  const osNode = fields.get('os_type')?.value;
  const os = reader.string(osNode, 'os_type');
  // Azure's own examples write `Linux` as often as `linux`; both mean the same.
  const osType = osTypes.find((known) => known === os?.toLowerCase());
  if (os !== undefined && osType === undefined)
    reader.report(osNode, 'os_type', `os_type ${JSON.stringify(os)} is not one of ${osTypes.join(', ')}`);
  const inferenceConfig = reader.opaque(fields.get('inference_config')?.value);

  reader.finish();
  return {
    name: name ?? '',
    ...compact({ version, description }),
    tags,
    ...compact({ image, condaFile, build, osType, inferenceConfig }),
  };
}

function readBuild(reader: SpecReader, entry: SpecEntry | undefined): EnvironmentBuild | undefined {
  const map = reader.mapping(entry?.value, 'build');
  if (map === undefined || entry === undefined) return undefined;
  const fields = reader.fields(map, 'build', buildFields);
  const path = reader.string(reader.required(fields, 'path', entry.key, 'build.path'), 'build.path');
  const dockerfilePath = reader.string(fields.get('dockerfile_path')?.value, 'build.dockerfile_path');
  if (path === undefined) return undefined;
  return { path, ...compact({ dockerfilePath }) };
}

// The grammar of github.com/distribution/reference. Its separator is `[-]*`, which RE2 matches in
// linear time but a backtracking engine can take exponential time on; `[-]+` accepts the same names.
const pathComponentPattern = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainPattern = new RegExp(`^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[0-9A-Fa-f:]+\\])(?::[0-9]+)?$`);
const tagPattern = /^[\w][\w.-]{0,127}$/;
const nameLimit = 255;

/**
 * Splits an OCI image reference (`mcr.microsoft.com/azureml/base:1`, `host:5000/repo@sha256:…`)
 * after the distribution reference grammar. Throws `EnvironmentSpecInvalid` naming the broken part.
 */
export function parseImageReference(ref: string, target = 'image'): ImageReference {
  const parsed = splitImageReference(ref);
  if (typeof parsed === 'string')
    throw arcaError('EnvironmentSpecInvalid', 'image', { ref, problem: parsed }, { target });
  return parsed;
}

/** The parts of an image reference, or the problem with it. */
function splitImageReference(ref: string): ImageReference | string {
  if (ref === '') return 'it is empty';
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  if (digest !== undefined && !isDigest(digest))
    return `the digest ${JSON.stringify(digest)} is not sha256:<64 lowercase hex characters>`;
  const named = at >= 0 ? ref.slice(0, at) : ref;
  const colon = named.lastIndexOf(':');
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined;
  if (tag !== undefined && !tagPattern.test(tag))
    return `the tag ${JSON.stringify(tag)} breaks the rule [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`;
  const name = tag === undefined ? named : named.slice(0, colon);
  if (name.length > nameLimit) return `the name is ${name.length} characters long; the limit is ${nameLimit}`;
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  // Docker's rule: the first component is a registry host only when it looks like one.
  const hasDomain =
    slash >= 0 &&
    (/[.:]/.test(first) || first === 'localhost' || first.startsWith('[') || first !== first.toLowerCase());
  const domain = hasDomain ? first : undefined;
  if (domain !== undefined && !domainPattern.test(domain))
    return `the registry host ${JSON.stringify(domain)} is not a host name or [IPv6 address] with an optional :port`;
  const repository = hasDomain ? name.slice(slash + 1) : name;
  if (repository === '') return 'it names no repository';
  const bad = repository.split('/').find((component) => !pathComponentPattern.test(component));
  if (bad !== undefined) {
    return `the repository component ${JSON.stringify(bad)} breaks the rule [a-z0-9]+ joined by '.', '_', '__' or '-'${bad !== bad.toLowerCase() ? ' (repository names are lowercase)' : ''}`;
  }
  return {
    ...compact({ domain }),
    repository,
    ...compact({ tag, digest }),
  };
}
