import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Transpiles a self-contained TypeScript program of the bench (node built-ins only, or modules it is
 * handed by absolute path) to `<dir>/<name>.mjs`, so plain `node` runs it: no TypeScript loader weighs
 * on its memory or start-up, as none weighs on the compiled `arca`.
 */
export async function plainNodeProgram(source: URL, dir: string): Promise<string> {
  const compiled = ts.transpileModule(await readFile(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const program = join(dir, basename(fileURLToPath(source)).replace(/\.ts$/, '.mjs'));
  await writeFile(program, compiled.outputText);
  return program;
}
