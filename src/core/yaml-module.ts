import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * The yaml package, loaded on first use: a server start or a CLI command that reads no YAML (most of
 * them: arca.yaml is optional) does not pay for its seventy modules. yaml is CommonJS under Node, so
 * this is the same instance a static `import 'yaml'` gets.
 */
export function yamlModule(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}
