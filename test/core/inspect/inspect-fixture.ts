// The PyTorch references of test/fixtures/torch/inspect.json (scripts/reference/inspect_fixtures.py).
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../helpers/paths';

export interface Stored {
  shape: number[];
  data: number[];
}

export interface InspectFixture {
  eigh: Array<{ name: string; matrix: Stored; values: Stored }>;
  pca: Array<{
    name: string;
    rows: number;
    cols: number;
    k: number;
    data: Stored;
    mean: Stored;
    variances: Stored;
    total_variance: number;
    explained_variance_ratio: Stored;
    components: Stored;
    projections: Stored;
  }>;
  procrustes: Array<{ name: string; rows: number; k: number; allow_reflection: boolean; source: Stored; reference: Stored; rotation: Stored; residual: number }>;
  filter_normalisation: { dlmodel: string; names: string[]; params: Record<string, Stored>; raw: Record<string, Stored>; normalised: Record<string, Stored> };
  landscape: {
    dlmodel: string;
    loss: 'cross_entropy';
    params: Record<string, Stored>;
    inputs: Stored;
    targets: Stored;
    dir_x: Record<string, Stored>;
    dir_y: Record<string, Stored>;
    axis: number[];
    losses: number[][];
  };
}

export const inspectFixture = JSON.parse(readFileSync(fromRoot('test/fixtures/torch/inspect.json'), 'utf8')) as InspectFixture;

/** A PyTorch-layout tensor in our layout: Linear weights [out, in] become [in, out]. */
export function toOurLayout(name: string, stored: Stored): Float32Array {
  if (!(name.startsWith('dense') && name.endsWith('.weight'))) return Float32Array.from(stored.data);
  const [rows, cols] = stored.shape as [number, number];
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = stored.data[r * cols + c]!;
  return out;
}

/** The flat vector of named PyTorch tensors, in the order of `names` (a network's parameter order). */
export function flatVector(names: readonly string[], tensors: Record<string, Stored>): Float32Array {
  const parts = names.map((name) => toOurLayout(name, tensors[name]!));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
