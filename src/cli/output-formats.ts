/** The `-o/--output` formats, as `az` names them, and `dot` (Graphviz), which only graph results have. */
export const outputFormats = ['json', 'yaml', 'table', 'tsv', 'dot'] as const;
export type OutputFormat = (typeof outputFormats)[number];
