import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module of the bench runner, no types
import * as heapLib from '../../../bench/lib/heapDiff.mjs';

const { formatHeapDiff, heapDiff, netGrowth, parseHeapSnapshot, retainersOf } = heapLib;

const NODE_TYPES = [
  'hidden',
  'array',
  'string',
  'object',
  'code',
  'closure',
  'regexp',
  'number',
  'native',
  'synthetic',
];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

interface FakeNode {
  type: string;
  name: string;
  id: number;
  size: number;
  edges?: { type?: string; name: string; to: number }[];
}

/** A heap snapshot in V8's JSON layout (flat arrays, a string table) from readable nodes; node 0 is the root. */
function snapshot(nodes: FakeNode[]) {
  const strings: string[] = [];
  const string = (s: string) => {
    const i = strings.indexOf(s);
    return i >= 0 ? i : strings.push(s) - 1;
  };
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  const at = new Map(nodes.map((n, i) => [n.id, i]));
  for (const n of nodes) {
    const edges = n.edges ?? [];
    flatNodes.push(NODE_TYPES.indexOf(n.type), string(n.name), n.id, n.size, edges.length, 0, 0);
    for (const e of edges) {
      flatEdges.push(EDGE_TYPES.indexOf(e.type ?? 'property'), string(e.name), (at.get(e.to) as number) * 7);
    }
  }
  return parseHeapSnapshot({
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
        node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
      },
    },
    nodes: flatNodes,
    edges: flatEdges,
    strings,
  });
}

const root = (edges: FakeNode['edges']): FakeNode => ({
  type: 'synthetic',
  name: '(root)',
  id: 1,
  size: 0,
  edges,
});
const store = (edges: FakeNode['edges'] = []): FakeNode => ({
  type: 'object',
  name: 'Store',
  id: 3,
  size: 40,
  edges,
});

describe('bench heapDiff', () => {
  const before = snapshot([root([{ name: 'store', to: 3 }]), store()]);
  // A linked list of 3 listeners grew on the store; a Code object appeared; something only weakly held did too.
  const after = snapshot([
    root([
      { name: 'store', to: 3 },
      { name: 'code', to: 20 },
      { name: 'cache', to: 30, type: 'weak' },
    ]),
    store([{ name: 'first', to: 10 }]),
    { type: 'object', name: 'Listener', id: 10, size: 32, edges: [{ name: 'next', to: 11 }] },
    { type: 'object', name: 'Listener', id: 11, size: 32, edges: [{ name: 'next', to: 12 }] },
    { type: 'object', name: 'Listener', id: 12, size: 32 },
    { type: 'code', name: 'system / Code', id: 20, size: 100 },
    { type: 'object', name: 'Cached', id: 30, size: 999 },
  ]);

  it('lists what the later snapshot holds that the earlier did not, by constructor, with retainer paths', () => {
    const diff = heapDiff(before, after, { perKind: 3 });
    expect(diff.newObjects).toBe(4); // the weakly held one is not alive for the diff
    const listeners = diff.groups.find((g: { kind: string }) => g.kind === 'Listener');
    expect(listeners).toMatchObject({ count: 3, bytes: 96 });
    expect(listeners.paths).toContainEqual(['(next ← Listener) ×2 ← first ← Store ← store ← (root)', 1]);
    expect(diff.codeBytes).toBe(100);
    expect(netGrowth(before, after)).toEqual({ js: 96, code: 100, native: 0 });
    expect(formatHeapDiff(diff, 2)).toMatch(
      /JS objects 0\.1 kB, 48 B per cycle; V8's compiled code 0\.1 kB, 50 B/,
    );
  });

  it('retainersOf gives the path of every object of one constructor', () => {
    expect(retainersOf(after, 'Store')).toEqual(['store ← (root)']);
    expect(retainersOf(after, 'Cached')).toEqual([]);
  });
});
