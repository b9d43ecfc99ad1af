import { renderGraphSvg, type GraphLayout, type GraphPalette } from '../../core/graph';

/** The theme's colours as a palette, so an exported picture looks as the panel does. */
export function paletteFromTheme(root: Element): GraphPalette {
  const style = getComputedStyle(root);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    background: read('--graph-background', '#ffffff'),
    foreground: read('--graph-foreground', '#1f2328'),
    muted: read('--graph-muted', '#656d76'),
    nodeFill: read('--graph-node', '#f6f8fa'),
    nodeStroke: read('--graph-node-border', '#8c959f'),
    mergeFill: read('--graph-merge', '#ddf4ff'),
    groupFill: read('--graph-group', '#fff8c5'),
    accent: read('--graph-accent', '#0969da'),
    error: read('--graph-error', '#cf222e'),
    warning: read('--graph-warning', '#9a6700'),
    fontFamily: read('--graph-font', 'monospace').replace(/[<>{}]/g, ''),
  };
}

/** The picture as a standalone SVG document in the theme's colours. */
export function exportSvg(layout: GraphLayout, palette: GraphPalette, title: string): string {
  return renderGraphSvg(layout, { palette, title });
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The picture as a PNG data: URL at `scale`× (the SVG drawn into a canvas through an image). */
export async function exportPng(svg: string, width: number, height: number, scale = 2): Promise<string> {
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the picture could not be drawn'));
  });
  image.src = `data:image/svg+xml;base64,${base64Utf8(svg)}`;
  await loaded;
  // Browsers refuse canvases above about 16k pixels a side: a huge model is drawn smaller.
  const factor = Math.min(scale, 16000 / Math.max(width, height, 1));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * factor));
  canvas.height = Math.max(1, Math.round(height * factor));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2-D canvas');
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}
