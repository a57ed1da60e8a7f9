import { InvalidArgumentError, Option, type Command } from 'commander';
import type { LineageDirection, LineageGraph, LineageNode } from '../../sdk/client.js';
import { addScopeOptions, resolveRef, versionLabel, type ScopeFlags } from '../asset-ref.js';
import { usageError } from '../cli-error.js';
import { contextOf, type CliIo } from '../context.js';
import { render, type Column } from '../output.js';
import type { AssetKindSpec } from './asset-kind.js';

type LineageEdge = LineageGraph['edges'][number];

interface LineageOptions extends ScopeFlags {
  depth?: number;
  direction?: LineageDirection;
}

/** Parses `--depth`: an integer from 1 to 10. */
function lineageDepth(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new InvalidArgumentError('must be an integer from 1 to 10.');
  return n;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `model fraud:3`: how a version reads in a table row or a graph label. */
function nodeLabel(node: LineageNode | undefined, id: string): string {
  return node === undefined ? id : `${node.type} ${node.name}:${node.version}`;
}

/** Nodes by reference and edges by their ends' references then relation: the same graph always prints the same way. */
function ordered(graph: LineageGraph): { nodes: LineageNode[]; edges: LineageEdge[]; byId: Map<string, LineageNode> } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const key = (id: string): string => byId.get(id)?.reference ?? id;
  const nodes = [...graph.nodes].sort((a, b) => byCodeUnit(a.reference, b.reference));
  const edges = [...graph.edges].sort((a, b) => byCodeUnit(key(a.from), key(b.from)) || byCodeUnit(key(a.to), key(b.to)) || byCodeUnit(a.relation, b.relation));
  return { nodes, edges, byId };
}

const hiddenNote = (hidden: number): string => `${hidden} version(s) in reach are hidden: you may not read them`;

/** A quoted DOT identifier or string. */
const dotString = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The graph as Graphviz DOT: nodes labelled `type name:version` (the root bold), edges `derived -> source` labelled with the relation. */
export function lineageDot(graph: LineageGraph): string {
  const { nodes, edges } = ordered(graph);
  const lines = ['digraph lineage {', '  rankdir=LR;', '  node [shape=box];'];
  if (graph.hidden > 0) lines.push(`  // ${hiddenNote(graph.hidden)}`);
  for (const node of nodes) {
    const root = node.id === graph.root ? ', penwidth=2' : '';
    lines.push(`  ${dotString(node.id)} [label=${dotString(nodeLabel(node, node.id))}, tooltip=${dotString(node.reference)}${root}];`);
  }
  for (const edge of edges) lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [label=${dotString(edge.relation)}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The graph as two tables, its versions and its edges, and a line about hidden versions. */
async function lineageTables(graph: LineageGraph): Promise<string> {
  const { nodes, edges, byId } = ordered(graph);
  const nodeColumns: readonly Column<LineageNode>[] = [
    { header: '', cell: (n) => (n.id === graph.root ? '*' : '') },
    { header: 'Type', cell: (n) => n.type },
    { header: 'Name', cell: (n) => n.name },
    { header: 'Version', cell: (n) => n.version },
    { header: 'State', cell: (n) => n.state },
    { header: 'Reference', cell: (n) => n.reference },
  ];
  const edgeColumns: readonly Column<LineageEdge>[] = [
    { header: 'Derived', cell: (e) => nodeLabel(byId.get(e.from), e.from) },
    { header: 'Relation', cell: (e) => e.relation },
    { header: 'Derived from', cell: (e) => nodeLabel(byId.get(e.to), e.to) },
  ];
  const parts = [`Versions (* is ${nodeLabel(byId.get(graph.root), graph.root)})\n`, await render(nodes, { format: 'table', columns: nodeColumns })];
  parts.push(edges.length === 0 ? 'No lineage edges within reach.\n' : `Edges\n${await render(edges, { format: 'table', columns: edgeColumns })}`);
  if (graph.hidden > 0) parts.push(`${hiddenNote(graph.hidden)}\n`);
  return parts.join('');
}

/** `lineage`: what a version was derived from and what derives from it. */
export function addLineageCommand(group: Command, io: CliIo, kind: AssetKindSpec): void {
  addScopeOptions(group.command('lineage'), 'of a short reference')
    .description(`Show the lineage graph of ${kind.aNoun} version: what it was derived from (up) and what derives from it (down); `
      + '-o dot prints Graphviz (arca … lineage REF -o dot | dot -Tsvg > lineage.svg), -o json the graph as the server answers it')
    .argument('<ref>', 'the version: <name>:<version>, <name>@<alias>, <registry>/<name>:<version>, arca://… (a bare name means the latest)')
    .option('--depth <n>', 'steps to walk each way, 1 to 10 (default 3)', lineageDepth)
    .addOption(new Option('--direction <way>', 'up (what it derives from), down (what derives from it) or both (default)').choices(['up', 'down', 'both']))
    .action(async (text: string, options: LineageOptions, command: Command) => {
      const context = contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      if (context.format === 'dot' && context.globals.query !== undefined) throw usageError('OptionsConflict', '--query reshapes json, yaml, table or tsv output, not -o dot');
      const client = context.client();
      const graph = await client.assets.versionLineage(ref.asset, await versionLabel(client, ref), {
        ...(options.depth === undefined ? {} : { depth: options.depth }),
        ...(options.direction === undefined ? {} : { direction: options.direction }),
      });
      if (context.format === 'dot') io.stdout.write(lineageDot(graph));
      else if (context.format === 'table' && context.globals.query === undefined) io.stdout.write(await lineageTables(graph));
      else await context.print(graph);
    });
}
