import { categorical } from './theme';

/** The marker shapes drawMarker draws, in its order (for the legend's text). */
export const markerGlyphs = ['●', '■', '▲', '◆'] as const;

/**
 * A class's colour and marker. Colours cycle every `categorical.length` classes; the marker moves
 * on by one each cycle, so no two of the first 32 classes look alike (with 10 classes, 0 and 8
 * share a colour but not a marker).
 */
export function classStyle(k: number): { readonly colour: number; readonly marker: number } {
  const cycle = Math.floor(k / categorical.length);
  return { colour: k % categorical.length, marker: (k + cycle) % markerGlyphs.length };
}

/** A class name as the legend shows it: whitespace and control characters made visible (`\n`). */
export function displayClassName(name: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', ' ': '␣ (space)' };
  if (name in named) return named[name]!;
  if (name === '') return '(empty)';
  return [...name].map((c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
}
