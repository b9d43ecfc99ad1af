import { pyString } from '../export/pytorch/python-text';
import { gridLayout, gridMoves } from './gridworld';

/**
 * The Python form of core/rl/gridworld.ts, written into a policy export's environment.py: the
 * layout and moves are gridworld.ts's own (interpolated here, so they are stated once), the
 * start cell is one `int(len(START_CELLS))` draw per reset, as there. Keep the rules in step with
 * gridworld.ts: test/export/policy-export.test.ts plays both.
 */
export function gridworldPython(): string {
  const layout = gridLayout.map((row) => pyString(row)).join(', ');
  const moves = gridMoves.map(([dr, dc]) => `(${dr}, ${dc})`).join(', ');
  return String.raw`GRID_LAYOUT = [${layout}]  # '#' wall, 'G' goal (+1, ends), 'P' pit (-1, ends)
GRID_MOVES = [${moves}]  # actions 0 up, 1 right, 2 down, 3 left: (row, column) deltas
GRID_ROWS = len(GRID_LAYOUT)
GRID_COLUMNS = len(GRID_LAYOUT[0])


def _grid_cell(row, column):
    """The layout's character at (row, column); off the grid counts as a wall."""
    if 0 <= row < GRID_ROWS and 0 <= column < GRID_COLUMNS:
        return GRID_LAYOUT[row][column]
    return '#'


# The cells an episode may start in (free cells, row-major), as row * columns + column.
GRID_START_CELLS = [i for i in range(GRID_ROWS * GRID_COLUMNS) if _grid_cell(i // GRID_COLUMNS, i % GRID_COLUMNS) == '.']


class Gridworld:
    """The gridworld of core/rl/gridworld.ts (GRID_LAYOUT): a move into a wall or off the grid
    leaves the agent where it is; every step that reaches neither the goal nor the pit costs
    step_cost; an episode starts in a free cell drawn uniformly and is truncated after max_steps
    steps."""

    actions = 4

    def __init__(self, observation, step_cost, max_steps, random):
        self.observation = observation
        self.step_cost = step_cost
        self.max_steps = max_steps
        self.random = random
        self.observation_shape = (GRID_ROWS * GRID_COLUMNS,) if observation == 'one_hot' else (2,)
        self.cell = 0
        self.steps = 0

    def reset(self):
        self.cell = GRID_START_CELLS[self.random.int(len(GRID_START_CELLS))]
        self.steps = 0
        return self.observe()

    def step(self, action):
        """(observation, reward, terminated, truncated)."""
        dr, dc = GRID_MOVES[action]
        row = self.cell // GRID_COLUMNS + dr
        column = self.cell % GRID_COLUMNS + dc
        if _grid_cell(row, column) != '#':
            self.cell = row * GRID_COLUMNS + column
        self.steps += 1
        here = _grid_cell(self.cell // GRID_COLUMNS, self.cell % GRID_COLUMNS)
        terminated = here in ('G', 'P')
        reward = 1.0 if here == 'G' else -1.0 if here == 'P' else -self.step_cost
        return self.observe(), reward, terminated, (not terminated) and self.steps >= self.max_steps

    def observe(self):
        if self.observation == 'coordinates':
            return [(self.cell // GRID_COLUMNS) / (GRID_ROWS - 1), (self.cell % GRID_COLUMNS) / (GRID_COLUMNS - 1)]
        one_hot = [0.0] * (GRID_ROWS * GRID_COLUMNS)
        one_hot[self.cell] = 1.0
        return one_hot
`;
}
