import type { TraceEdge } from './trace';

/** The graph's edges, each (from, to) pair once, numbered in the order they are first met. */
export class EdgeIndex {
  readonly edges: TraceEdge[] = [];
  private readonly ids = new Map<string, number>();

  id(from: number, to: number): number {
    const key = `${from}>${to}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.edges.length;
      this.edges.push({ from, to });
      this.ids.set(key, id);
    }
    return id;
  }
}
