/** The model as a graph: the description (`buildGraphView`), folding, layout, and SVG/Mermaid/DOT writers. */
export { buildGraphView, inputNodeId, pickModel } from './build';
export type { GraphEdgeKind, GraphNodeRole, GraphView, GraphViewDiagnostic, GraphViewEdge, GraphViewGroup, GraphViewNode, GraphViewTotals } from './types';
export { visibleGraph, paramsText, type VisibleCluster, type VisibleEdge, type VisibleGraph, type VisibleNode } from './visible';
export { layoutGraph, nodeSize, graphMetrics, type GraphLayout, type PlacedCluster, type PlacedEdge, type PlacedNode, type Point } from './layout';
export { renderGraphSvg, graphStyle, lightPalette, escapeXml, type GraphPalette } from './svg';
export { toMermaid } from './mermaid';
export { toDot } from './dot';
