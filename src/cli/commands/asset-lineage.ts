import { InvalidArgumentError, Option, type Command } from 'commander';
import { compact } from '../../core/compact.js';
import type { HiddenLineageNode, LineageDirection, LineageGraph, LineageNode } from '../../sdk/client.js';
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

type AnyNode = LineageNode | HiddenLineageNode;

const isHidden = (node: AnyNode): node is HiddenLineageNode => 'hidden' in node && node.hidden;

/** How a version the reader may not read is shown: that it exists, nothing naming it. */
const hiddenLabel = '(in a scope you cannot read)';

/** `model fraud:3`: how a version reads in a table row or a graph label. */
function nodeLabel(node: AnyNode | undefined, id: string): string {
  if (node === undefined) return id;
  return isHidden(node) ? hiddenLabel : `${node.type} ${node.name}:${node.version}`;
}

/**
 * Nodes by reference (hidden ones last, in the server's order) and edges by their ends' references then
 * relation: the same graph always prints the same way.
 */
function ordered(graph: LineageGraph): {
  nodes: LineageNode[];
  hiddenNodes: HiddenLineageNode[];
  edges: LineageEdge[];
  byId: Map<string, AnyNode>;
} {
  const byId = new Map<string, AnyNode>(graph.nodes.map((n) => [n.id, n]));
  const key = (id: string): string => {
    const node = byId.get(id);
    return node === undefined || isHidden(node) ? `\uffff${id}` : node.reference;
  };
  const nodes = graph.nodes
    .filter((n): n is LineageNode => !isHidden(n))
    .sort((a, b) => byCodeUnit(a.reference, b.reference));
  const hiddenNodes = graph.nodes.filter(isHidden);
  const edges = [...graph.edges].sort(
    (a, b) =>
      byCodeUnit(key(a.from), key(b.from)) || byCodeUnit(key(a.to), key(b.to)) || byCodeUnit(a.relation, b.relation),
  );
  return { nodes, hiddenNodes, edges, byId };
}

const hiddenNote = (hidden: number): string =>
  `${hidden} version(s) in reach are in scopes you cannot read: shown as ${hiddenLabel}, not named`;

/** A quoted DOT identifier or string. */
const dotString = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The graph as Graphviz DOT: nodes labelled `type name:version` (the root bold), edges `derived -> source` labelled with the relation. */
export function lineageDot(graph: LineageGraph): string {
  const { nodes, hiddenNodes, edges } = ordered(graph);
  const lines = ['digraph lineage {', '  rankdir=LR;', '  node [shape=box];'];
  if (graph.hidden > 0) lines.push(`  // ${hiddenNote(graph.hidden)}`);
  for (const node of nodes) {
    const root = node.id === graph.root ? ', penwidth=2' : '';
    lines.push(
      `  ${dotString(node.id)} [label=${dotString(nodeLabel(node, node.id))}, tooltip=${dotString(node.reference)}${root}];`,
    );
  }
  for (const node of hiddenNodes) {
    lines.push(`  ${dotString(node.id)} [label=${dotString(hiddenLabel)}, style=dashed];`);
  }
  for (const edge of edges)
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [label=${dotString(edge.relation)}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The graph as two tables, its versions and its edges, and a line about hidden versions. */
async function lineageTables(graph: LineageGraph): Promise<string> {
  const { nodes, hiddenNodes, edges, byId } = ordered(graph);
  const cell = (n: AnyNode, read: (node: LineageNode) => string): string => (isHidden(n) ? '' : read(n));
  const nodeColumns: readonly Column<AnyNode>[] = [
    { header: '', cell: (n) => (n.id === graph.root ? '*' : '') },
    { header: 'Type', cell: (n) => cell(n, (v) => v.type) },
    { header: 'Name', cell: (n) => cell(n, (v) => v.name) },
    { header: 'Version', cell: (n) => cell(n, (v) => v.version) },
    { header: 'State', cell: (n) => cell(n, (v) => v.state) },
    { header: 'Reference', cell: (n) => (isHidden(n) ? hiddenLabel : n.reference) },
  ];
  const edgeColumns: readonly Column<LineageEdge>[] = [
    { header: 'Derived', cell: (e) => nodeLabel(byId.get(e.from), e.from) },
    { header: 'Relation', cell: (e) => e.relation },
    { header: 'Derived from', cell: (e) => nodeLabel(byId.get(e.to), e.to) },
  ];
  const parts = [
    `Versions (* is ${nodeLabel(byId.get(graph.root), graph.root)})\n`,
    await render([...nodes, ...hiddenNodes], { format: 'table', columns: nodeColumns }),
  ];
  parts.push(
    edges.length === 0
      ? 'No lineage edges within reach.\n'
      : `Edges\n${await render(edges, { format: 'table', columns: edgeColumns })}`,
  );
  if (graph.hidden > 0) parts.push(`${hiddenNote(graph.hidden)}\n`);
  return parts.join('');
}

/** `lineage`: what a version was derived from and what derives from it. */
export function addLineageCommand(group: Command, io: CliIo, kind: AssetKindSpec): void {
  addScopeOptions(group.command('lineage'), 'of a short reference')
    .description(
      `Show the lineage graph of ${kind.aNoun} version: what it was derived from (up) and what derives from it (down); ` +
        '-o dot prints Graphviz (arca … lineage REF -o dot | dot -Tsvg > lineage.svg), -o json the graph as the server answers it',
    )
    .argument(
      '<ref>',
      'the version: <name>:<version>, <name>@<alias>, <registry>/<name>:<version>, arca://… (a bare name means the latest)',
    )
    .option('--depth <n>', 'steps to walk each way, 1 to 10 (default 3)', lineageDepth)
    .addOption(
      new Option(
        '--direction <way>',
        'up (what it derives from), down (what derives from it) or both (default)',
      ).choices(['up', 'down', 'both']),
    )
    .action(async (text: string, options: LineageOptions, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      if (context.format === 'dot' && context.globals.query !== undefined)
        throw usageError('OptionsConflict', '--query reshapes json, yaml, table or tsv output, not -o dot');
      const client = context.client();
      const graph = await client.assets.versionLineage(
        ref.asset,
        await versionLabel(client, ref),
        compact({ depth: options.depth, direction: options.direction }),
      );
      if (context.format === 'dot') io.stdout.write(lineageDot(graph));
      else if (context.format === 'table' && context.globals.query === undefined)
        io.stdout.write(await lineageTables(graph));
      else await context.print(graph);
    });
}
