import * as dagre from '@dagrejs/dagre';
import type { Graph } from '@dagrejs/graphlib';

// dagre 3's published declarations are ES modules whose relative imports have no file extension,
// so under NodeNext resolution they resolve to nothing and the linter sees `dagre` as an error
// type. graphlib's declarations do resolve: this facade gives dagre's two entry points those types.

/** A new compound graph of dagre's own graphlib (the instance its layout expects). */
export function newCompoundGraph(): Graph {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access
  return new dagre.graphlib.Graph({ compound: true, multigraph: false }) as Graph;
}

/** dagre's layered layout: sets x, y on the graph's nodes and points on its edges. */
export function runLayout(graph: Graph): void {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-call
  dagre.layout(graph);
}
