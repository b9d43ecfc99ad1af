import type { Random } from '../common/random';
import { checkAction, type Environment, type StepResult } from './environment';

/**
 * A 5×5 gridworld (our own layout, documented in docs/reinforcement-learning.md):
 *
 *        col 0 1 2 3 4
 *     row 0  . . . . .
 *         1  . # # # .
 *         2  . . . # .
 *         3  # # . P .
 *         4  . . . . G
 *
 * `#` is a wall, `G` the goal (+1, ends the episode), `P` a pit (−1, ends the episode); every other
 * step costs `stepCost`. Actions 0 up, 1 right, 2 down, 3 left; a move into a wall or off the grid
 * leaves the agent where it is (and still costs a step). Each episode starts in a free cell (not a
 * wall, the goal or the pit) drawn uniformly, and is truncated after `maxSteps` steps. The pit
 * sits beside the shortest path from the middle, so a policy that ignores it falls in.
 */
export const gridLayout: readonly string[] = ['.....', '.###.', '...#.', '##.P.', '....G'];

export type GridObservation = 'one_hot' | 'coordinates';

/** Row and column deltas of the actions up, right, down, left. */
export const gridMoves: readonly (readonly [number, number])[] = [
  [-1, 0],
  [0, 1],
  [1, 0],
  [0, -1],
];

export const gridRows = gridLayout.length;
export const gridColumns = gridLayout[0]!.length;

const cellAt = (row: number, column: number): string => gridLayout[row]?.[column] ?? '#';

/** The cells an episode may start in, in row-major order, as row·columns + column. */
export const gridStartCells: readonly number[] = Array.from({ length: gridRows * gridColumns }, (_, i) => i).filter((i) => cellAt(Math.floor(i / gridColumns), i % gridColumns) === '.');

export interface GridworldOptions {
  readonly observation: GridObservation;
  readonly stepCost: number;
  readonly maxSteps: number;
}

/** The observation shape of a gridworld: one value per cell, or [row, column] scaled to [0, 1]. */
export function gridObservationShape(observation: GridObservation): readonly number[] {
  return observation === 'one_hot' ? [gridRows * gridColumns] : [2];
}

export class Gridworld implements Environment {
  readonly observationShape: readonly number[];
  readonly actions = 4;
  private cell = 0;
  private steps = 0;

  constructor(
    readonly options: GridworldOptions,
    private readonly random: Random,
  ) {
    this.observationShape = gridObservationShape(options.observation);
  }

  /** The agent's cell as row·columns + column. */
  get position(): number {
    return this.cell;
  }

  reset(): Float32Array {
    return this.resetAt(gridStartCells[this.random.int(gridStartCells.length)]!);
  }

  /** Starts an episode in a given cell (to test a policy from every start cell). */
  resetAt(cell: number): Float32Array {
    this.cell = cell;
    this.steps = 0;
    return this.observe();
  }

  step(action: number): StepResult {
    checkAction(action, this.actions);
    const [dr, dc] = gridMoves[action]!;
    const row = Math.floor(this.cell / gridColumns) + dr;
    const column = (this.cell % gridColumns) + dc;
    if (cellAt(row, column) !== '#') this.cell = row * gridColumns + column;
    this.steps++;
    const here = cellAt(Math.floor(this.cell / gridColumns), this.cell % gridColumns);
    const terminated = here === 'G' || here === 'P';
    const reward = here === 'G' ? 1 : here === 'P' ? -1 : -this.options.stepCost;
    return { observation: this.observe(), reward, terminated, truncated: !terminated && this.steps >= this.options.maxSteps };
  }

  private observe(): Float32Array {
    return this.observationAt(this.cell);
  }

  /** What the agent would observe in a cell (the environment view asks the policy about every cell). */
  observationAt(cell: number): Float32Array {
    if (this.options.observation === 'coordinates') return Float32Array.of(Math.floor(cell / gridColumns) / (gridRows - 1), (cell % gridColumns) / (gridColumns - 1));
    const oneHot = new Float32Array(gridRows * gridColumns);
    oneHot[cell] = 1;
    return oneHot;
  }
}
