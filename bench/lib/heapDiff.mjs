// Heap snapshots through CDP and what grew between two of them (`npm run bench -- --only=soak --heap-diff`).
//
// `takeHeapSnapshot(cdp)` forces a garbage collection and parses a V8 heap snapshot. `heapDiff(before, after)`
// lists the objects alive in `after` that did not exist in `before` (V8 keeps an object's snapshot id for the
// page's life), grouped by constructor, and for the largest groups their most common retainer paths: the
// shortest strong chain from a GC root, read from the object outwards; and the net growth split into JS
// objects, V8's compiled code (hot functions optimized as cycles go on: not a leak) and Blink's own objects.
// `retainersOf(snapshot, 'Room')` lists the paths that hold every object of one constructor.

/** Forces a GC, then takes and parses a heap snapshot of the page behind `cdp` (a Playwright CDPSession). */
export async function takeHeapSnapshot(cdp) {
  const chunks = [];
  const onChunk = ({ chunk }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return parseHeapSnapshot(JSON.parse(chunks.join('')));
}

/** A V8 heap snapshot (parsed JSON) as one record per node, with retainers and distance from the roots. */
export function parseHeapSnapshot(raw) {
  const { meta } = raw.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const at = (fields, name) => fields.indexOf(name);
  const [nType, nName, nId, nSize, nEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) =>
    at(meta.node_fields, f),
  );
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => at(meta.edge_fields, f));
  const { nodes, edges, strings } = raw;
  const count = nodes.length / nf;
  const type = new Array(count);
  const name = new Array(count);
  const id = new Float64Array(count);
  const size = new Float64Array(count);
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    const o = i * nf;
    type[i] = nodeTypes[nodes[o + nType]];
    name[i] = strings[nodes[o + nName]];
    id[i] = nodes[o + nId];
    size[i] = nodes[o + nSize];
    firstEdge[i] = e;
    e += nodes[o + nEdges];
    firstEdge[i + 1] = e;
  }
  const edgeCount = edges.length / ef;
  const edgeType = new Array(edgeCount);
  const edgeName = new Array(edgeCount);
  const edgeTo = new Uint32Array(edgeCount);
  for (let k = 0; k < edgeCount; k++) {
    const o = k * ef;
    edgeType[k] = edgeTypes[edges[o + eType]];
    const n = edges[o + eName];
    edgeName[k] = edgeType[k] === 'element' || edgeType[k] === 'hidden' ? `[${n}]` : strings[n];
    edgeTo[k] = edges[o + eTo] / nf;
  }
  // Retainers (strong edges only) and breadth-first distance from the synthetic root (node 0).
  const retainers = Array.from({ length: count }, () => []);
  for (let i = 0; i < count; i++) {
    for (let k = firstEdge[i]; k < firstEdge[i + 1]; k++) {
      if (edgeType[k] !== 'weak' && edgeType[k] !== 'shortcut') retainers[edgeTo[k]].push(k, i);
    }
  }
  const distance = new Int32Array(count).fill(-1);
  distance[0] = 0;
  const queue = [0];
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q];
    for (let k = firstEdge[i]; k < firstEdge[i + 1]; k++) {
      const to = edgeTo[k];
      if (edgeType[k] === 'weak' || edgeType[k] === 'shortcut' || distance[to] !== -1) continue;
      distance[to] = distance[i] + 1;
      queue.push(to);
    }
  }
  const totalSize = size.reduce((a, b) => a + b, 0);
  // Self sizes of what is reachable, split as the rows read them: Blink's own objects (outside the V8 heap
  // that Runtime.getHeapUsage counts), V8's compiled code, and the JS objects themselves.
  const bytesOf = { native: 0, code: 0, js: 0 };
  for (let i = 1; i < count; i++) {
    if (distance[i] < 0) continue;
    bytesOf[type[i] === 'native' ? 'native' : type[i] === 'code' ? 'code' : 'js'] += size[i];
  }
  return { count, type, name, id, size, edgeName, retainers, distance, totalSize, bytesOf };
}

/** What a node is, as DevTools groups it: the constructor of an object, else its type. */
function kindOf(s, i) {
  const t = s.type[i];
  if (t === 'object' || t === 'native') return s.name[i];
  if (t === 'closure') return `closure ${s.name[i] || '(anonymous)'}`;
  if (t === 'string' || t === 'concatenated string' || t === 'sliced string') return '(string)';
  return `(${t})${t === 'hidden' || t === 'code' || t === 'array' ? ` ${s.name[i]}`.slice(0, 60) : ''}`;
}

/** Blink's C++ names without their template arguments. */
const shortName = (name) => {
  let out = '';
  let depth = 0;
  for (const c of name) {
    if (c === '<') {
      if (depth === 0) out += '<…>';
      depth++;
    } else if (c === '>') depth--;
    else if (depth === 0) out += c;
  }
  return out.replace(/\(.*\)@.*$/, '()');
};

/**
 * The shortest strong chain from `i` back to a root, as `edge ← Kind` steps (at most `depth`), with runs of
 * one repeated step (a linked list) folded into `(step) ×n`.
 */
function retainerPath(s, i, depth) {
  const steps = [];
  for (let n = i, d = 0; d < depth && n !== 0; d++) {
    const r = s.retainers[n];
    let best = -1;
    for (let j = 0; j < r.length; j += 2) {
      const from = r[j + 1];
      if (s.distance[from] >= 0 && (best < 0 || s.distance[from] < s.distance[r[best + 1]])) best = j;
    }
    if (best < 0) break;
    const from = r[best + 1];
    steps.push(`${s.edgeName[r[best]]} ← ${from === 0 ? '(root)' : shortName(kindOf(s, from))}`);
    n = from;
  }
  const folded = [];
  for (let k = 0; k < steps.length; ) {
    let run = 1;
    while (steps[k + run] === steps[k]) run++;
    folded.push(run > 1 ? `(${steps[k]}) ×${run}` : steps[k]);
    k += run;
  }
  return folded.join(' ← ');
}

/** Net growth from `before` to `after` (two snapshots of one page), in bytes: JS objects, code, native. */
export function netGrowth(before, after) {
  return Object.fromEntries(Object.keys(after.bytesOf).map((k) => [k, after.bytesOf[k] - before.bytesOf[k]]));
}

/**
 * The objects alive in `after` (a later snapshot of the same page) that `before` did not hold: total, and by
 * kind (constructor) with their count and self size, largest first; for the first `paths` kinds, the
 * `perKind` most common retainer paths of depth `depth`.
 */
export function heapDiff(before, after, { top = 30, paths = 30, perKind = 2, depth = 60 } = {}) {
  const old = new Set(before.id);
  const groups = new Map();
  let bytes = 0;
  let objects = 0;
  let nativeBytes = 0;
  let codeBytes = 0;
  for (let i = 1; i < after.count; i++) {
    if (old.has(after.id[i]) || after.distance[i] < 0) continue;
    const kind = `${after.type[i] === 'native' ? 'native ' : ''}${shortName(kindOf(after, i))}`;
    const g = groups.get(kind) ?? { kind, count: 0, bytes: 0, nodes: [] };
    groups.set(kind, g);
    if (after.type[i] === 'native') nativeBytes += after.size[i];
    if (after.type[i] === 'code') codeBytes += after.size[i];
    g.count++;
    g.bytes += after.size[i];
    g.nodes.push(i);
    bytes += after.size[i];
    objects++;
  }
  const sorted = [...groups.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top);
  for (const [n, g] of sorted.entries()) {
    if (n >= paths) break;
    const counts = new Map();
    for (const i of g.nodes) {
      const p = retainerPath(after, i, depth);
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    g.paths = [...counts].sort((a, b) => b[1] - a[1]).slice(0, perKind);
  }
  for (const g of sorted) delete g.nodes;
  return {
    heapBefore: before.totalSize,
    heapAfter: after.totalSize,
    net: netGrowth(before, after),
    newObjects: objects,
    newBytes: bytes,
    nativeBytes,
    codeBytes,
    groups: sorted,
  };
}

/** `heapDiff`'s result as text, one line per kind, with `per` (cycles between the snapshots) for rates. */
export function formatHeapDiff(diff, per = 1) {
  const kb = (n) => (n / 1000).toFixed(1);
  const rate = (n) => `${kb(n)} kB, ${(n / per).toFixed(0)} B per cycle`;
  const objects = diff.newBytes - diff.nativeBytes - diff.codeBytes;
  const lines = [
    `heap (snapshot self sizes) ${kb(diff.heapBefore)} → ${kb(diff.heapAfter)} kB. Net growth: JS objects ` +
      `${rate(diff.net.js)}; V8's compiled code ${rate(diff.net.code)}; Blink's own (native, outside the V8 ` +
      `heap Runtime.getHeapUsage counts) ${rate(diff.net.native)}.`,
    `${diff.newObjects} objects alive that the first snapshot did not hold: ${rate(diff.newBytes)} (JS objects ` +
      `${rate(objects)}, code ${rate(diff.codeBytes)}, native ${rate(diff.nativeBytes)}):`,
  ];
  for (const g of diff.groups) {
    lines.push(
      `  ${String(g.count).padStart(6)} × ${g.kind.padEnd(48).slice(0, 48)} ${kb(g.bytes).padStart(8)} kB` +
        `  (${(g.count / per).toFixed(2)}/cycle, ${(g.bytes / per).toFixed(0)} B/cycle)`,
    );
    for (const [path, n] of g.paths ?? []) lines.push(`        ${String(n).padStart(5)}  ${path}`);
  }
  return lines.join('\n');
}

/** The retainer paths of every object whose constructor is `name` in `snapshot` (for a test or a REPL). */
export function retainersOf(snapshot, name, depth = 60) {
  const paths = [];
  for (let i = 1; i < snapshot.count; i++) {
    if (snapshot.name[i] === name && snapshot.type[i] === 'object' && snapshot.distance[i] >= 0) {
      paths.push(retainerPath(snapshot, i, depth));
    }
  }
  return paths;
}
