import type { GraphLayout, PlacedNode } from '../../core/graph/layout';

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * The node the arrow keys move to from `from`: down/up follow the edges (to the successor or
 * predecessor nearest horizontally), left/right go to the nearest node on about the same row.
 */
export function neighbour(layout: GraphLayout, from: PlacedNode, direction: Direction): PlacedNode | undefined {
  const centre = (n: PlacedNode): { x: number; y: number } => ({ x: n.x + n.width / 2, y: n.y + n.height / 2 });
  const c = centre(from);
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const nearest = (candidates: readonly PlacedNode[], distance: (n: PlacedNode) => number): PlacedNode | undefined => {
    let best: PlacedNode | undefined;
    for (const n of candidates) if (!best || distance(n) < distance(best)) best = n;
    return best;
  };
  switch (direction) {
    case 'down':
    case 'up': {
      const linked = layout.edges.filter((e) => (direction === 'down' ? e.from === from.id : e.to === from.id)).map((e) => byId.get(direction === 'down' ? e.to : e.from)!);
      return nearest(linked, (n) => Math.abs(centre(n).x - c.x) + Math.abs(centre(n).y - c.y) / 1000);
    }
    case 'left':
    case 'right': {
      const sign = direction === 'right' ? 1 : -1;
      const row = layout.nodes.filter((n) => n !== from && (centre(n).x - c.x) * sign > 0 && Math.abs(centre(n).y - c.y) < from.height * 2);
      return nearest(row, (n) => Math.abs(centre(n).x - c.x) + 4 * Math.abs(centre(n).y - c.y));
    }
    default: {
      const unreachable: never = direction;
      return unreachable;
    }
  }
}

/** The visible node whose statement holds `offset` most tightly (a layer inside a residual before the residual's sum). */
export function nodeAtOffset(layout: GraphLayout, offset: number): PlacedNode | undefined {
  let best: PlacedNode | undefined;
  let bestSize = Infinity;
  for (const node of layout.nodes) {
    const range = node.visible.node?.role === 'input' ? undefined : (node.visible.node?.range ?? node.visible.group?.range);
    if (!range || offset < range.start || offset > range.end) continue;
    const size = range.end - range.start;
    if (size < bestSize) {
      best = node;
      bestSize = size;
    }
  }
  return best;
}
