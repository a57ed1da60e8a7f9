// Types of scripts/build-server.mjs for the TypeScript that runs it (test/cli/harness.ts, bench/lib/build.ts).

/** The checkout's root directory. */
export declare const projectRoot: string;
/** What bin/arca imports: dist/bundle/main.js. */
export declare const bundleEntry: string;
/** Whether dist/bundle/ is at least as new as src/, the tsconfigs and the build script. */
export declare function serverBuildIsCurrent(root?: string): boolean;
/** Compiles src/ into dist/ with tsc and bundles it into dist/bundle/ with esbuild. */
export declare function buildServer(root?: string): Promise<{ ok: boolean; output: string }>;
