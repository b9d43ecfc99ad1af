import { clusterTree, type TreeItem } from './cluster-tree';
import type { GraphEdgeKind, GraphView } from './types';
import { visibleGraph, type VisibleNode } from './visible';

/** Text inside a Mermaid `"…"` label: quotes and markup characters as entity codes. */
function label(text: string): string {
  return text.replace(/[#"<>&]/g, (c) => `#${c.charCodeAt(0)};`);
}

function arrow(kind: GraphEdgeKind): string {
  switch (kind) {
    case 'flow':
    case 'branch':
    case 'merge':
      return '-->';
    case 'residual':
    case 'unknown':
      return '-.->';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function nodeLabel(node: VisibleNode): string {
  const codes = node.diagnostics.map((d) => d.code);
  return [node.title, node.detail, ...(codes.length > 0 ? [`⚠ ${codes.join(', ')}`] : [])].map(label).join('<br/>');
}

/**
 * The model as a Mermaid flowchart (top to bottom; renders in GitHub Markdown): repeat groups as
 * subgraphs, residual shortcuts and the edges after an error dotted, layers with an error or a
 * warning in the `error`/`warning` classes.
 */
export function toMermaid(view: GraphView, collapsed: ReadonlySet<string> = new Set()): string {
  const graph = visibleGraph(view, collapsed);
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart TB'];
  let clusters = 0;
  const emit = (items: readonly TreeItem[], indent: string): void => {
    for (const item of items) {
      if ('node' in item) {
        const shape = item.node.group ? ['[["', '"]]'] : item.node.node?.role === 'merge' ? ['(("', '"))'] : item.node.node?.role === 'input' ? ['[/"', '"/]'] : ['["', '"]'];
        lines.push(`${indent}${ids.get(item.node.id)}${shape[0]}${nodeLabel(item.node)}${shape[1]}`);
        continue;
      }
      lines.push(`${indent}subgraph g${clusters++}["${label(item.cluster.group.label)}"]`);
      emit(item.items, `${indent}  `);
      lines.push(`${indent}end`);
    }
  };
  emit(clusterTree(graph), '  ');
  for (const edge of graph.edges) lines.push(`  ${ids.get(edge.from)} ${arrow(edge.kind)}${edge.label ? `|"${label(edge.label)}"|` : ''} ${ids.get(edge.to)}`);
  const marked = (severity: 'error' | 'warning'): string[] => graph.nodes.filter((n) => n.diagnostics.some((d) => d.severity === severity) && (severity === 'error' || !n.diagnostics.some((d) => d.severity === 'error'))).map((n) => ids.get(n.id)!);
  const errors = marked('error');
  const warnings = marked('warning');
  if (errors.length > 0) lines.push('  classDef error stroke:#d33,stroke-width:3px', `  class ${errors.join(',')} error`);
  if (warnings.length > 0) lines.push('  classDef warning stroke:#d90,stroke-width:3px', `  class ${warnings.join(',')} warning`);
  return lines.join('\n') + '\n';
}
