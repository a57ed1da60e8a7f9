import { describe, expect, it } from 'vitest';
import { labelOf, lineageGraphOf, versionLinkOf, type Lineage } from './lineage-model';

/** A lineage answer as the API gives it: a model derived from a parent model and a data set, one source hidden. */
const lineage: Lineage = {
  root: 'v-model-3',
  hidden: 1,
  truncated: false,
  nodes: [
    {
      id: 'v-model-3',
      name: 'fraud',
      version: '3',
      type: 'model',
      state: 'ready',
      reference: 'registry:reg1/models/fraud:3',
      scope: { kind: 'registry', name: 'reg1' },
    },
    {
      id: 'v-model-2',
      name: 'fraud',
      version: '2',
      type: 'model',
      state: 'archived',
      reference: 'workspace:team/models/fraud:2',
      scope: { kind: 'workspace', name: 'team' },
    },
    {
      id: 'v-data-7',
      name: 'transactions',
      version: '7',
      type: 'data',
      state: 'ready',
      reference: 'registry:reg1/data/transactions:7',
      scope: { kind: 'registry', name: 'reg1' },
    },
    { id: 'hidden-1', hidden: true },
  ],
  edges: [
    { from: 'v-model-3', to: 'v-model-2', relation: 'model' },
    { from: 'v-model-3', to: 'v-data-7', relation: 'data' },
    { from: 'v-data-7', to: 'hidden-1', relation: 'data' },
  ],
};

describe('lineageGraphOf', () => {
  it('draws an edge from each source to what was derived from it', () => {
    expect(lineageGraphOf(lineage).edges).toEqual([
      { id: 'e0', source: 'v-model-2', target: 'v-model-3', label: 'model' },
      { id: 'e1', source: 'v-data-7', target: 'v-model-3', label: 'data' },
      { id: 'e2', source: 'hidden-1', target: 'v-data-7', label: 'data' },
    ]);
  });

  it('keeps a hidden node with no version, and marks the version asked about as the root', () => {
    const nodes = lineageGraphOf(lineage).nodes;
    expect(nodes.map((n) => [n.id, n.version?.name ?? null, n.root])).toEqual([
      ['v-model-3', 'fraud', true],
      ['v-model-2', 'fraud', false],
      ['v-data-7', 'transactions', false],
      ['hidden-1', null, false],
    ]);
  });
});

describe('labelOf and versionLinkOf', () => {
  it('names a readable version and says nothing about a hidden one', () => {
    expect(labelOf(lineage.nodes[2])).toBe('reg1/transactions:7');
    expect(labelOf(lineage.nodes[3])).toBe('a version you cannot read');
    expect(labelOf(undefined)).toBe('a version you cannot read');
  });

  it('links a version to its page in its own kind of scope and asset segment', () => {
    const [, parent, data] = lineageGraphOf(lineage).nodes;
    expect(versionLinkOf(parent?.version as never)).toEqual({
      to: '/workspaces/$name/$segment/$asset/versions/$version',
      params: { name: 'team', segment: 'models', asset: 'fraud', version: '2' },
    });
    expect(versionLinkOf(data?.version as never)).toEqual({
      to: '/registries/$name/$segment/$asset/versions/$version',
      params: { name: 'reg1', segment: 'data', asset: 'transactions', version: '7' },
    });
  });
});
