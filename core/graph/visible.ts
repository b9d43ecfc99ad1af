import type { GraphEdgeKind, GraphView, GraphViewDiagnostic, GraphViewGroup, GraphViewNode } from './types';

/** A box to draw: a layer (or the input), or a collapsed repeat group standing for all its layers. */
export interface VisibleNode {
  readonly id: string;
  /** The layer, or undefined for a collapsed group. */
  readonly node?: GraphViewNode;
  readonly group?: GraphViewGroup;
  /** The innermost expanded group drawn around it. */
  readonly cluster?: string;
  /** Two lines: `kind name` (`repeat ×3` for a group) and `shape · params`. */
  readonly title: string;
  readonly detail: string;
  readonly diagnostics: readonly GraphViewDiagnostic[];
}

export interface VisibleEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  readonly label: string;
}

/** An expanded repeat group: a frame around its members. */
export interface VisibleCluster {
  readonly group: GraphViewGroup;
  readonly parent?: string;
}

export interface VisibleGraph {
  readonly nodes: readonly VisibleNode[];
  readonly edges: readonly VisibleEdge[];
  readonly clusters: readonly VisibleCluster[];
}

/** `12,345` for the picture (JSON counts may be decimal strings when huge). */
export function paramsText(params: number | string): string {
  return String(params).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `conv2d_3` for a generated name, `stem = conv2d` for a given one, as the source reads. */
function nodeTitle(node: GraphViewNode): string {
  if (node.role === 'input') return 'input';
  return node.name.startsWith(`${node.kind}_`) ? node.name : `${node.name} = ${node.kind}`;
}

function nodeDetail(node: GraphViewNode): string {
  return node.params === 0 || node.params === '0' ? node.shape : `${node.shape} · ${paramsText(node.params)} params`;
}

/** The groups around each group, outermost first, itself last. */
function ancestry(groups: readonly GraphViewGroup[]): Map<string, string[]> {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const chains = new Map<string, string[]>();
  for (const group of groups) {
    const chain: string[] = [];
    for (let g: GraphViewGroup | undefined = group; g; g = g.parent ? byId.get(g.parent) : undefined) chain.unshift(g.id);
    chains.set(group.id, chain);
  }
  return chains;
}

/**
 * What to draw with the groups in `collapsed` folded: each folded group (the outermost folded one
 * around a layer) becomes one node labelled `repeat ×N` with its last layer's shape and its total
 * parameters; edges into and out of it are redirected to it (once per pair), edges inside vanish.
 */
export function visibleGraph(view: GraphView, collapsed: ReadonlySet<string>): VisibleGraph {
  const chains = ancestry(view.groups);
  const groupById = new Map(view.groups.map((g) => [g.id, g]));
  const shownAs = new Map<string, string>();
  const members = new Map<string, GraphViewNode[]>();
  const nodes: VisibleNode[] = [];
  const clusterOf = (chain: readonly string[]): string | undefined => chain[chain.length - 1];
  for (const node of view.nodes) {
    const chain = node.group ? (chains.get(node.group) ?? []) : [];
    const folded = chain.findIndex((id) => collapsed.has(id));
    if (folded < 0) {
      shownAs.set(node.id, node.id);
      const cluster = clusterOf(chain);
      nodes.push({ id: node.id, node, ...(cluster ? { cluster } : {}), title: nodeTitle(node), detail: nodeDetail(node), diagnostics: node.diagnostics });
      continue;
    }
    const groupId = chain[folded]!;
    shownAs.set(node.id, `g:${groupId}`);
    const list = members.get(groupId);
    if (list) list.push(node);
    else {
      members.set(groupId, [node]);
      nodes.push({ id: `g:${groupId}`, group: groupById.get(groupId)!, title: '', detail: '', diagnostics: [], ...(folded > 0 ? { cluster: chain[folded - 1]! } : {}) });
    }
  }
  const finished = nodes.map((visible): VisibleNode => {
    if (!visible.group) return visible;
    const inside = members.get(visible.group.id)!;
    const last = inside[inside.length - 1]!;
    const params = visible.group.params === 0 || visible.group.params === '0' ? '' : ` · ${paramsText(visible.group.params)} params`;
    return { ...visible, title: `${visible.group.label} (${inside.length} layers)`, detail: `${last.shape}${params}`, diagnostics: inside.flatMap((n) => n.diagnostics) };
  });
  const seen = new Set<string>();
  const edges: VisibleEdge[] = [];
  for (const edge of view.edges) {
    const from = shownAs.get(edge.from)!;
    const to = shownAs.get(edge.to)!;
    const key = `${from}\u0000${to}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    edges.push({ ...edge, from, to });
  }
  const shownClusters = new Set(finished.flatMap((n) => (n.cluster ? (chains.get(n.cluster) ?? []) : [])));
  const clusters = view.groups.filter((g) => shownClusters.has(g.id) && !collapsed.has(g.id)).map((group) => ({ group, ...(group.parent ? { parent: group.parent } : {}) }));
  return { nodes: finished, edges, clusters };
}
