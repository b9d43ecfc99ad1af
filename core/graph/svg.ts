import type { GraphLayout, PlacedEdge, PlacedNode, Point } from './layout';
import { graphMetrics } from './layout';

/** Text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Colours of a standalone picture (the webview styles the same classes from the editor's theme). */
export interface GraphPalette {
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly nodeFill: string;
  readonly nodeStroke: string;
  readonly mergeFill: string;
  readonly groupFill: string;
  readonly accent: string;
  readonly error: string;
  readonly warning: string;
  readonly fontFamily: string;
}

export const lightPalette: GraphPalette = {
  background: '#ffffff',
  foreground: '#1f2328',
  muted: '#656d76',
  nodeFill: '#f6f8fa',
  nodeStroke: '#8c959f',
  mergeFill: '#ddf4ff',
  groupFill: '#fff8c5',
  accent: '#0969da',
  error: '#cf222e',
  warning: '#9a6700',
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
};

/** The stylesheet of a standalone picture: the classes `renderGraphSvg` uses, in `palette`'s colours. */
export function graphStyle(p: GraphPalette): string {
  return [
    `svg.dlmodel-graph { background: ${p.background}; font-family: ${p.fontFamily}; font-size: 12px; }`,
    `.node rect { fill: ${p.nodeFill}; stroke: ${p.nodeStroke}; stroke-width: 1; }`,
    `.node.merge rect { fill: ${p.mergeFill}; }`,
    `.node.input rect { stroke: ${p.accent}; }`,
    `.node.group rect { fill: ${p.groupFill}; stroke-dasharray: 0; stroke-width: 2; }`,
    `.node.unknown rect { stroke-dasharray: 4 3; }`,
    `.node.has-warning rect { stroke: ${p.warning}; stroke-width: 2; }`,
    `.node.has-error rect { stroke: ${p.error}; stroke-width: 2; }`,
    `.node .title { fill: ${p.foreground}; font-weight: 600; }`,
    `.node .detail { fill: ${p.muted}; }`,
    `.badge circle { fill: ${p.error}; } .badge.warning circle { fill: ${p.warning}; } .badge text { fill: #ffffff; font-size: 10px; font-weight: 700; }`,
    `.edge path { fill: none; stroke: ${p.muted}; stroke-width: 1.2; }`,
    `.edge.branch path, .edge.residual path { stroke: ${p.accent}; } .edge.residual path { stroke-dasharray: 6 4; } .edge.unknown path { stroke-dasharray: 2 3; }`,
    `.edge text { fill: ${p.muted}; font-size: 10px; }`,
    `.arrow { fill: ${p.muted}; }`,
    `.cluster rect { fill: none; stroke: ${p.nodeStroke}; stroke-dasharray: 5 4; } .cluster text { fill: ${p.muted}; font-size: 11px; }`,
  ].join('\n');
}

function path(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  // A smooth curve through dagre's bend points: quadratic segments to each midpoint.
  let d = `M${first.x.toFixed(1)},${first.y.toFixed(1)}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!;
    const q = rest[i + 1]!;
    d += ` Q${p.x.toFixed(1)},${p.y.toFixed(1)} ${((p.x + q.x) / 2).toFixed(1)},${((p.y + q.y) / 2).toFixed(1)}`;
  }
  const last = rest[rest.length - 1];
  if (last) d += ` L${last.x.toFixed(1)},${last.y.toFixed(1)}`;
  return d;
}

function edgeSvg(edge: PlacedEdge): string {
  const label = edge.labelAt && edge.label ? `<text x="${edge.labelAt.x.toFixed(1)}" y="${(edge.labelAt.y + 3).toFixed(1)}" text-anchor="middle">${escapeXml(edge.label)}</text>` : '';
  return `<g class="edge ${edge.kind}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}"><path d="${path(edge.points)}" marker-end="url(#dlmodel-arrow)"/>${label}</g>`;
}

function badgeSvg(node: PlacedNode): string {
  const diagnostics = node.visible.diagnostics;
  if (diagnostics.length === 0) return '';
  const error = diagnostics.some((d) => d.severity === 'error');
  const message = diagnostics.map((d) => `${d.code} ${d.severity}: ${d.message}`).join('\n');
  const cx = node.x + node.width;
  return `<g class="badge${error ? '' : ' warning'}"><title>${escapeXml(message)}</title><circle cx="${cx.toFixed(1)}" cy="${node.y.toFixed(1)}" r="8"/><text x="${cx.toFixed(1)}" y="${(node.y + 3.5).toFixed(1)}" text-anchor="middle">${diagnostics.length > 9 ? '9+' : String(diagnostics.length)}</text></g>`;
}

function nodeSvg(node: PlacedNode): string {
  const m = graphMetrics;
  const v = node.visible;
  const role = v.group ? 'group' : (v.node?.role ?? 'layer');
  const severity = v.diagnostics.some((d) => d.severity === 'error') ? ' has-error' : v.diagnostics.some((d) => d.severity === 'warning') ? ' has-warning' : '';
  const classes = `node ${role}${v.node?.unknown ? ' unknown' : ''}${v.node?.output ? ' output' : ''}${severity}`;
  const range = v.node?.range ?? v.group?.range;
  const rangeAttributes = range ? ` data-start="${range.start}" data-end="${range.end}"` : '';
  const label = `${v.title}, ${v.detail}${v.diagnostics.length > 0 ? `, ${v.diagnostics.length} problem${v.diagnostics.length === 1 ? '' : 's'}` : ''}`;
  const x = node.x + m.paddingX;
  return [
    `<g class="${classes}" data-id="${escapeXml(node.id)}"${rangeAttributes} tabindex="-1" role="button" aria-label="${escapeXml(label)}">`,
    `<rect x="${node.x.toFixed(1)}" y="${node.y.toFixed(1)}" width="${node.width}" height="${node.height}" rx="${v.node?.role === 'merge' ? 14 : 4}"/>`,
    `<text class="title" x="${x.toFixed(1)}" y="${(node.y + m.paddingY + m.lineHeight - 3).toFixed(1)}">${escapeXml(v.title)}</text>`,
    `<text class="detail" x="${x.toFixed(1)}" y="${(node.y + m.paddingY + 2 * m.lineHeight - 3).toFixed(1)}">${escapeXml(v.detail)}</text>`,
    badgeSvg(node),
    '</g>',
  ].join('');
}

/**
 * The laid-out graph as one SVG document. With `palette` the picture carries its own stylesheet
 * (a file, an export); without, it is meant for a page whose stylesheet styles its classes.
 */
export function renderGraphSvg(layout: GraphLayout, options: { palette?: GraphPalette; title?: string } = {}): string {
  const style = options.palette ? `<style>${graphStyle(options.palette)}</style>` : '';
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="dlmodel-graph" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">`,
    title,
    style,
    '<defs><marker id="dlmodel-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow" d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    '<g class="clusters">',
    ...layout.clusters.map((c) => `<g class="cluster" data-group="${escapeXml(c.id)}"><rect x="${c.x.toFixed(1)}" y="${c.y.toFixed(1)}" width="${c.width.toFixed(1)}" height="${c.height.toFixed(1)}" rx="6"/><text x="${(c.x + 8).toFixed(1)}" y="${(c.y + 14).toFixed(1)}">${escapeXml(c.label)}</text></g>`),
    '</g><g class="edges">',
    ...layout.edges.map(edgeSvg),
    '</g><g class="nodes">',
    ...layout.nodes.map(nodeSvg),
    '</g></svg>',
    '',
  ].join('\n');
}
