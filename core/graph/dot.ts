import { clusterTree, type TreeItem } from './cluster-tree';
import type { GraphEdgeKind, GraphView } from './types';
import { visibleGraph, type VisibleNode } from './visible';

/** A DOT double-quoted string. */
function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function edgeStyle(kind: GraphEdgeKind): string {
  switch (kind) {
    case 'flow':
    case 'merge':
      return '';
    case 'branch':
      return ', color="#3a7bd5"';
    case 'residual':
      return ', style=dashed, color="#3a7bd5"';
    case 'unknown':
      return ', style=dotted';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function nodeAttributes(node: VisibleNode): string {
  const codes = node.diagnostics.map((d) => d.code);
  const text = [node.title, node.detail, ...(codes.length > 0 ? [`⚠ ${codes.join(', ')}`] : [])].join('\n');
  const shape = node.group ? 'box3d' : node.node?.role === 'merge' ? 'ellipse' : node.node?.role === 'input' ? 'invhouse' : 'box';
  const severity = node.diagnostics.some((d) => d.severity === 'error') ? ', color="#d33", penwidth=2' : node.diagnostics.some((d) => d.severity === 'warning') ? ', color="#d90", penwidth=2' : '';
  const tooltip = node.diagnostics.length > 0 ? `, tooltip=${quoted(node.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'))}` : '';
  return `[label=${quoted(text)}, shape=${shape}${severity}${tooltip}]`;
}

/** The model as a Graphviz digraph (top to bottom), repeat groups as clusters. */
export function toDot(view: GraphView, collapsed: ReadonlySet<string> = new Set()): string {
  const graph = visibleGraph(view, collapsed);
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = [`digraph ${quoted(view.model || 'model')} {`, '  rankdir=TB;', '  node [fontname="Helvetica", fontsize=11, style=rounded];', '  edge [fontname="Helvetica", fontsize=9];'];
  let clusters = 0;
  const emit = (items: readonly TreeItem[], indent: string): void => {
    for (const item of items) {
      if ('node' in item) {
        lines.push(`${indent}${ids.get(item.node.id)} ${nodeAttributes(item.node)};`);
        continue;
      }
      lines.push(`${indent}subgraph cluster_${clusters++} {`, `${indent}  label=${quoted(item.cluster.group.label)};`, `${indent}  style=dashed;`);
      emit(item.items, `${indent}  `);
      lines.push(`${indent}}`);
    }
  };
  emit(clusterTree(graph), '  ');
  for (const edge of graph.edges) lines.push(`  ${ids.get(edge.from)} -> ${ids.get(edge.to)} [label=${quoted(edge.label)}${edgeStyle(edge.kind)}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
