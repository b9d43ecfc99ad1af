import type { BanditView, CartPoleView, GridView } from '../../core/train/events';
import { formatNumber } from '../format';

/**
 * The environment views of the Policy tab, as SVG built through the DOM (no HTML parsing): the
 * gridworld with the policy's arrows per cell over a heatmap of V(s), the bandit's arm estimates
 * against the true means, and one frame of a recorded cart-pole episode.
 */

const svgNs = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string | number>> = {}, ...children: (SVGElement | null)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) if (child) element.appendChild(child);
  return element;
}

function titled<T extends SVGElement>(element: T, text: string): T {
  const title = document.createElementNS(svgNs, 'title');
  title.textContent = text;
  element.appendChild(title);
  return element;
}

const actionNames = ['up', 'right', 'down', 'left'] as const;
/** Unit vectors of the actions in SVG coordinates (y grows downwards). */
const actionVectors: readonly (readonly [number, number])[] = [
  [0, -1],
  [1, 0],
  [0, 1],
  [-1, 0],
];

/** A diverging colour for V(s) in [−1, 1]: blue below zero, orange above (colour-blind safe). */
export function valueColour(value: number, scale: number): string {
  const t = Math.max(-1, Math.min(1, value / (scale || 1)));
  const [r, g, b] = t >= 0 ? [230, 159, 0] : [0, 114, 178];
  return `rgba(${r}, ${g}, ${b}, ${(Math.abs(t) * 0.75).toFixed(3)})`;
}

const cellSize = 64;

/** The gridworld: walls dark, goal and pit marked, four arrows per free cell sized by π(a|s), V(s) as the cell's colour. */
export function gridSvg(view: GridView, foreground: string): SVGSVGElement {
  const rows = view.layout.length;
  const columns = view.layout[0]?.length ?? 0;
  const root = svg('svg', { viewBox: `0 0 ${columns * cellSize} ${rows * cellSize}`, class: 'grid-view', role: 'img', 'aria-label': 'Gridworld policy' });
  const scale = Math.max(1e-9, ...(view.values ?? []).map((v) => Math.abs(v ?? 0)));
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const index = row * columns + column;
      const kind = view.layout[row]![column]!;
      const x = column * cellSize;
      const y = row * cellSize;
      const value = view.values?.[index] ?? null;
      const fill = kind === '#' ? foreground : value !== null ? valueColour(value, scale) : 'none';
      const cell = svg('g', { class: `cell cell-${kind === '#' ? 'wall' : kind === 'G' ? 'goal' : kind === 'P' ? 'pit' : 'free'}`, 'data-cell': index });
      cell.appendChild(svg('rect', { x, y, width: cellSize, height: cellSize, fill, stroke: foreground, 'stroke-opacity': 0.3, 'fill-opacity': kind === '#' ? 0.6 : 1 }));
      if (kind === 'G' || kind === 'P') {
        const label = svg('text', { x: x + cellSize / 2, y: y + cellSize / 2 + 6, 'text-anchor': 'middle', 'font-size': 18, fill: foreground });
        label.textContent = kind === 'G' ? 'goal +1' : 'pit −1';
        label.setAttribute('font-size', '13');
        cell.appendChild(label);
      }
      const probabilities = view.probabilities[index];
      if (probabilities) {
        cell.appendChild(arrows(probabilities, x + cellSize / 2, y + cellSize / 2, foreground));
        const described = probabilities.map((p, a) => `${actionNames[a]} ${(p * 100).toFixed(0)}%`).join(', ');
        titled(cell, `row ${row}, column ${column}: ${described}${value === null ? '' : `; V(s) = ${formatNumber(value)}`}`);
      }
      root.appendChild(cell);
    }
  }
  return root;
}

/** Four arrows from the centre, each as long as its probability (the most probable one drawn thicker). */
function arrows(probabilities: readonly number[], cx: number, cy: number, colour: string): SVGGElement {
  const group = svg('g', { class: 'arrows' });
  const best = probabilities.indexOf(Math.max(...probabilities));
  probabilities.forEach((p, a) => {
    const [dx, dy] = actionVectors[a] ?? [0, 0];
    const length = p * (cellSize / 2 - 4);
    if (length < 1) return;
    const x2 = cx + dx * length;
    const y2 = cy + dy * length;
    const head = Math.min(7, length / 2);
    const width = a === best ? 2.5 : 1.2;
    group.appendChild(
      svg(
        'g',
        { class: a === best ? 'arrow best' : 'arrow', 'data-action': actionNames[a]!, 'data-probability': p.toFixed(4) },
        svg('line', { x1: cx, y1: cy, x2, y2, stroke: colour, 'stroke-width': width }),
        svg('polygon', { points: `${x2 + dx * head},${y2 + dy * head} ${x2 - dy * head * 0.6},${y2 + dx * head * 0.6} ${x2 + dy * head * 0.6},${y2 - dx * head * 0.6}`, fill: colour }),
      ),
    );
  });
  return group;
}

/** The bandit: per arm a bar of the average reward it paid so far, a dot at its true mean, and π(arm) below. */
export function banditSvg(view: BanditView, foreground: string, estimateColour: string, trueColour: string): SVGSVGElement {
  const arms = view.trueValues.length;
  const width = Math.max(300, arms * 44);
  const height = 220;
  const values = [...view.trueValues, ...view.estimates.filter((v): v is number => v !== null)];
  const top = Math.max(0.5, ...values) + 0.2;
  const bottom = Math.min(-0.5, ...values) - 0.2;
  const y = (v: number): number => 10 + ((top - v) / (top - bottom)) * (height - 50);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'bandit-view', role: 'img', 'aria-label': 'Bandit arm estimates and true means' });
  root.appendChild(svg('line', { x1: 0, x2: width, y1: y(0), y2: y(0), stroke: foreground, 'stroke-opacity': 0.4 }));
  const slot = width / arms;
  for (let arm = 0; arm < arms; arm++) {
    const cx = slot * arm + slot / 2;
    const estimate = view.estimates[arm] ?? null;
    const group = svg('g', { class: 'arm', 'data-arm': arm });
    if (estimate !== null) group.appendChild(svg('rect', { class: 'estimate', x: cx - slot * 0.3, width: slot * 0.6, y: Math.min(y(0), y(estimate)), height: Math.abs(y(estimate) - y(0)), fill: estimateColour, 'fill-opacity': 0.7 }));
    group.appendChild(svg('circle', { class: 'true-mean', cx, cy: y(view.trueValues[arm]!), r: 5, fill: trueColour }));
    const label = svg('text', { x: cx, y: height - 22, 'text-anchor': 'middle', 'font-size': 11, fill: foreground });
    label.textContent = `${arm}`;
    const probability = svg('text', { x: cx, y: height - 6, 'text-anchor': 'middle', 'font-size': 10, fill: foreground });
    probability.textContent = `${(view.probabilities[arm]! * 100).toFixed(0)}%`;
    group.append(label, probability);
    titled(group, `arm ${arm}: true mean ${formatNumber(view.trueValues[arm])}, estimate ${estimate === null ? 'none (never pulled)' : formatNumber(estimate)} over ${view.pulls[arm]} pulls, π = ${(view.probabilities[arm]! * 100).toFixed(1)}%`);
    root.appendChild(group);
  }
  return root;
}

/** One frame of a recorded cart-pole episode: the track (±2.4), the cart at x and the pole at θ. */
export function cartPoleSvg(view: CartPoleView, frame: number, foreground: string, cartColour: string): SVGSVGElement {
  const width = 480;
  const height = 200;
  const scale = width / 6; // the track ±2.4 fits with margins, as Gymnasium's renderer (world width 4.8)
  const i = Math.max(0, Math.min(view.x.length - 1, frame));
  const x = view.x[i]!;
  const theta = view.theta[i]!;
  const cartX = width / 2 + x * scale;
  const cartY = 150;
  const pole = 1.0 * scale; // the pole's full length is 2 × 0.5
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'cartpole-view', role: 'img', 'aria-label': `Cart-pole frame ${i}` });
  root.appendChild(svg('line', { x1: width / 2 - 2.4 * scale, x2: width / 2 + 2.4 * scale, y1: cartY + 15, y2: cartY + 15, stroke: foreground }));
  root.appendChild(svg('rect', { class: 'cart', x: cartX - 25, y: cartY - 15, width: 50, height: 30, fill: cartColour, 'data-x': x.toFixed(4) }));
  root.appendChild(svg('line', { class: 'pole', x1: cartX, y1: cartY - 15, x2: cartX + Math.sin(theta) * pole, y2: cartY - 15 - Math.cos(theta) * pole, stroke: foreground, 'stroke-width': 6, 'stroke-linecap': 'round', 'data-theta': theta.toFixed(5) }));
  return root;
}
