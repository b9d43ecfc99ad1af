/**
 * Colours: the theme's (read from CSS variables, which VS Code sets and the report's stylesheet
 * falls back from), a colour-blind-safe categorical palette (Okabe & Ito 2008), viridis for
 * magnitudes and an orange–blue diverging scale for signed values (both readable with any
 * colour-vision deficiency).
 */

/** Okabe–Ito, reordered so the first colours are the most distinct on light and dark backgrounds. */
export const categorical: readonly string[] = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#999999'];

/** The categorical colour of index i (cycles). */
export function categoryColour(i: number): string {
  return categorical[((i % categorical.length) + categorical.length) % categorical.length]!;
}

/** The colours charts draw with, from the current theme. */
export interface ThemeColours {
  readonly foreground: string;
  readonly muted: string;
  readonly background: string;
  readonly grid: string;
  readonly font: string;
  readonly dark: boolean;
}

/** Reads the theme from the CSS variables of styles.css (which fall back from VS Code's). */
export function readTheme(): ThemeColours {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const background = read('--dl-background', '#ffffff');
  return {
    foreground: read('--dl-foreground', '#1f1f1f'),
    muted: read('--dl-muted', '#6b6b6b'),
    background,
    grid: read('--dl-grid', 'rgba(128,128,128,0.25)'),
    font: `${read('--dl-font-size', '12px')} ${read('--dl-font-family', 'sans-serif')}`,
    dark: luminance(background) < 0.4,
  };
}

/** Calls back when the theme changes: VS Code's body class or variables, or the system's scheme. */
export function onThemeChange(callback: () => void): void {
  const observer = new MutationObserver(callback);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', callback);
}

/** Relative luminance (0–1) of a CSS colour in #rgb, #rrggbb or rgb()/rgba() form; 1 when unknown. */
export function luminance(colour: string): number {
  const rgb = parseColour(colour);
  if (!rgb) return 1;
  const channel = (c: number): number => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

/** [r, g, b] from #rgb, #rrggbb, rgb() or rgba(); undefined for anything else. */
export function parseColour(colour: string): [number, number, number] | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(colour.trim());
  if (hex) {
    const h = hex[1]!;
    if (h.length === 3) return [parseInt(h[0]! + h[0]!, 16), parseInt(h[1]! + h[1]!, 16), parseInt(h[2]! + h[2]!, 16)];
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(colour.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return undefined;
}

/** The colour with an alpha, as rgba(). */
export function withAlpha(colour: string, alpha: number): string {
  const rgb = parseColour(colour) ?? [128, 128, 128];
  return `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})`;
}

// Viridis (matplotlib), 9 stops; linear interpolation between them.
const viridisStops: readonly (readonly [number, number, number])[] = [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [110, 206, 88], [253, 231, 37],
];

/** Viridis at t ∈ [0, 1] as [r, g, b]. */
export function viridis(t: number): [number, number, number] {
  return interpolateStops(viridisStops, t);
}

// Orange (negative) – neutral – blue (positive), after TensorFlow Playground's colours.
const divergingStops: readonly (readonly [number, number, number])[] = [
  [230, 97, 1], [245, 175, 110], [235, 235, 235], [110, 170, 220], [8, 100, 180],
];

/** A diverging scale at t ∈ [−1, 1] (0 is neutral) as [r, g, b]. */
export function diverging(t: number): [number, number, number] {
  return interpolateStops(divergingStops, (Math.max(-1, Math.min(1, t)) + 1) / 2);
}

function interpolateStops(stops: readonly (readonly [number, number, number])[], t: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** [r, g, b] as a CSS colour. */
export function rgb(colour: readonly [number, number, number]): string {
  return `rgb(${colour[0]}, ${colour[1]}, ${colour[2]})`;
}
