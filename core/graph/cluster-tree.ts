import type { VisibleCluster, VisibleGraph, VisibleNode } from './visible';

/** A node, or an expanded group with what it holds, in the order of the model's statements. */
export type TreeItem = { readonly node: VisibleNode } | { readonly cluster: VisibleCluster; readonly items: readonly TreeItem[] };

/** The visible nodes nested in their clusters (for writers whose format nests: Mermaid, DOT). */
export function clusterTree(graph: VisibleGraph): TreeItem[] {
  const clusters = new Map(graph.clusters.map((c) => [c.group.id, c]));
  const chainOf = (id: string | undefined): VisibleCluster[] => {
    const chain: VisibleCluster[] = [];
    for (let c = id ? clusters.get(id) : undefined; c; c = c.parent ? clusters.get(c.parent) : undefined) chain.unshift(c);
    return chain;
  };
  const root: TreeItem[] = [];
  const open = new Map<string, TreeItem[]>();
  for (const node of graph.nodes) {
    let items = root;
    for (const cluster of chainOf(node.cluster)) {
      let inner = open.get(cluster.group.id);
      if (!inner) {
        inner = [];
        open.set(cluster.group.id, inner);
        items.push({ cluster, items: inner });
      }
      items = inner;
    }
    items.push({ node });
  }
  return root;
}
