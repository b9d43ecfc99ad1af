import { newCompoundGraph, runLayout } from './dagre';
import type { GraphEdgeKind } from './types';
import type { VisibleGraph, VisibleNode } from './visible';

/** Sizes of the picture, in SVG user units (px at zoom 1); node text is monospace so its width is known without a DOM. */
export const graphMetrics = { charWidth: 7.2, lineHeight: 15, paddingX: 10, paddingY: 7, minWidth: 90, labelCharWidth: 6, labelHeight: 12, clusterPadding: 14 };

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode {
  readonly id: string;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly visible: VisibleNode;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  readonly label: string;
  readonly points: readonly Point[];
  /** The label's centre. */
  readonly labelAt?: Point;
}

export interface PlacedCluster {
  readonly id: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly clusters: readonly PlacedCluster[];
}

/** The box a node's text needs: two lines (title, detail), as wide as the longer. */
export function nodeSize(node: VisibleNode): { width: number; height: number } {
  const m = graphMetrics;
  const chars = Math.max(node.title.length, node.detail.length);
  return { width: Math.max(m.minWidth, Math.ceil(chars * m.charWidth + 2 * m.paddingX)), height: 2 * m.lineHeight + 2 * m.paddingY };
}

/**
 * Places the visible graph top to bottom with dagre (a Sugiyama layered layout: ranks, crossing
 * reduction, Brandes–Köpf coordinates), repeat groups as compound nodes so their members stay
 * together in a frame, and each edge's shape label as a label dagre makes room for.
 */
export function layoutGraph(graph: VisibleGraph): GraphLayout {
  const m = graphMetrics;
  const g = newCompoundGraph();
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 28, edgesep: 12, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const cluster of graph.clusters) g.setNode(`c:${cluster.group.id}`, { label: cluster.group.label, paddingTop: m.clusterPadding + m.labelHeight, paddingBottom: m.clusterPadding });
  for (const cluster of graph.clusters) if (cluster.parent) g.setParent(`c:${cluster.group.id}`, `c:${cluster.parent}`);
  for (const node of graph.nodes) {
    g.setNode(node.id, nodeSize(node));
    if (node.cluster) g.setParent(node.id, `c:${node.cluster}`);
  }
  for (const edge of graph.edges) {
    const width = edge.label ? Math.ceil(edge.label.length * m.labelCharWidth) + 4 : 0;
    g.setEdge(edge.from, edge.to, { width, height: edge.label ? m.labelHeight : 0, labelpos: 'r', labeloffset: 6, minlen: 1 });
  }
  runLayout(g);
  const nodes = graph.nodes.map((visible): PlacedNode => {
    const placed = g.node(visible.id) as { x: number; y: number; width: number; height: number };
    return { id: visible.id, x: placed.x - placed.width / 2, y: placed.y - placed.height / 2, width: placed.width, height: placed.height, visible };
  });
  const edges = graph.edges.map((edge): PlacedEdge => {
    const placed = g.edge(edge.from, edge.to) as { points: Point[]; x?: number; y?: number };
    return { ...edge, points: placed.points.map((p) => ({ x: p.x, y: p.y })), ...(edge.label && placed.x !== undefined && placed.y !== undefined ? { labelAt: { x: placed.x, y: placed.y } } : {}) };
  });
  const clusters = graph.clusters.map((cluster): PlacedCluster => {
    const placed = g.node(`c:${cluster.group.id}`) as { x: number; y: number; width: number; height: number };
    return { id: cluster.group.id, label: cluster.group.label, x: placed.x - placed.width / 2, y: placed.y - placed.height / 2, width: placed.width, height: placed.height };
  });
  const size = g.graph() as { width?: number; height?: number };
  return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges, clusters };
}
