import '@xyflow/react/dist/style.css';
import { Background, Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { Link, useNavigate } from '@tanstack/react-router';
import ELK from 'elkjs/lib/elk.bundled.js';
import { useEffect, useState } from 'react';
import { lineageGraphOf, versionLinkOf, type Lineage, type LineageVersion } from './lineage-model';

// This module is loaded on its own (React Flow and elkjs are most of its weight): the version page imports it lazily.

const nodeWidth = 200;
const nodeHeight = 56;
const elk = new ELK();

type VersionNodeData = { version?: LineageVersion; root: boolean };

/** A node: the version as a link (focusable, Enter or a click goes there), or a hidden one named by nothing. */
function VersionNode({ data }: NodeProps<Node<VersionNodeData>>) {
  const v = data.version;
  const box: React.CSSProperties = {
    width: nodeWidth,
    height: nodeHeight,
    boxSizing: 'border-box',
    padding: '6px 10px',
    borderRadius: 6,
    border: `${data.root ? 2 : 1}px solid currentColor`,
    background: 'var(--colorNeutralBackground1)',
    color: 'var(--colorNeutralForeground1)',
    fontSize: 12,
    overflow: 'hidden',
  };
  return (
    <div style={box}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {v ? (
        <>
          <Link {...versionLinkOf(v)} aria-label={`${v.type} ${v.scope.name}/${v.name}:${v.version}`}>
            <strong>{`${v.name}:${v.version}`}</strong>
          </Link>
          <div>{`${v.type} · ${v.scope.name}${data.root ? ' · this version' : ''}`}</div>
        </>
      ) : (
        <div>A version you cannot read</div>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const nodeTypes = { version: VersionNode };

/** The lineage laid out by elkjs (upstream on the left, derived versions on the right) and drawn by React Flow. */
export function LineageGraph({ lineage }: { lineage: Lineage }) {
  const navigate = useNavigate();
  const [laidOut, setLaidOut] = useState<{ nodes: Node<VersionNodeData>[]; edges: Edge[] } | undefined>();
  useEffect(() => {
    let live = true;
    const graph = lineageGraphOf(lineage);
    const edges: Edge[] = graph.edges;
    void elk
      .layout({
        id: 'root',
        layoutOptions: {
          'elk.algorithm': 'layered',
          'elk.direction': 'RIGHT',
          'elk.spacing.nodeNode': '24',
          'elk.layered.spacing.nodeNodeBetweenLayers': '80',
        },
        children: graph.nodes.map((n) => ({ id: n.id, width: nodeWidth, height: nodeHeight })),
        edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
      })
      .then((laid) => {
        if (!live) return;
        const nodes = (laid.children ?? []).map((child) => {
          const node = graph.nodes.find((n) => n.id === child.id);
          return {
            id: child.id,
            type: 'version',
            position: { x: child.x ?? 0, y: child.y ?? 0 },
            data: { version: node?.version, root: node?.root ?? false },
          };
        });
        setLaidOut({ nodes, edges });
      });
    return () => {
      live = false;
    };
  }, [lineage]);
  if (!laidOut) return <div style={{ height: 320 }} aria-busy="true" />;
  return (
    <div style={{ height: 320, border: '1px solid var(--colorNeutralStroke2)' }} data-testid="lineage-graph">
      <ReactFlow
        nodes={laidOut.nodes}
        edges={laidOut.edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        onNodeClick={(_event, node) => {
          if (node.data.version) void navigate(versionLinkOf(node.data.version));
        }}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
