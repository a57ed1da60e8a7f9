/** What `npm run bench -- …` was asked to do. */
export interface BenchArgs {
  /** Benchmark names, or the suite `quick`, as given (empty: every benchmark of the full bench). */
  names: string[];
  /** A baseline to compare the run's ratios with. */
  compare?: string;
  /** Where to write the run's ratios as the new baseline. */
  writeBaseline?: string;
  help: boolean;
}

/** The committed baseline, relative to the project root (where `npm run bench` runs). */
export const defaultBaselinePath = 'bench/baseline.json';

export const benchUsage = [
  'usage: npm run bench [-- [quick | <name> …] [--compare <baseline.json>] [--write-baseline[=<file>]]]',
  '  quick                 the request-path, start-up and 256 MiB transfer cases (under 2 minutes)',
  '  --compare FILE        print every ratio beside FILE’s and mark those more than 15 % worse',
  `  --write-baseline      write the run’s ratios into ${defaultBaselinePath} (or =FILE), over its previous entries`,
].join('\n');

/** Parses the bench's arguments; throws a message (to print with the usage) when one is malformed. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { names: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--compare') {
      const file = argv[++i];
      if (file === undefined || file.startsWith('-')) throw new Error('--compare needs a baseline file');
      args.compare = file;
    } else if (arg.startsWith('--compare=')) args.compare = arg.slice('--compare='.length);
    else if (arg === '--write-baseline') args.writeBaseline = defaultBaselinePath;
    else if (arg.startsWith('--write-baseline=')) args.writeBaseline = arg.slice('--write-baseline='.length);
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else args.names.push(arg);
  }
  if (args.compare === '' || args.writeBaseline === '') throw new Error('a baseline file name is empty');
  return args;
}
