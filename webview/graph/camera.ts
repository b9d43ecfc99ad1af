/** Pan and zoom of the picture: a point p of the graph is drawn at p·scale + (x, y). */
export interface Camera {
  readonly x: number;
  readonly y: number;
  readonly scale: number;
}

export const minScale = 0.05;
export const maxScale = 4;

function clampScale(scale: number): number {
  return Math.min(maxScale, Math.max(minScale, scale));
}

/** The camera that shows the whole `width`×`height` picture centred in the viewport (never above 1:1). */
export function fitCamera(width: number, height: number, viewport: { width: number; height: number }, margin = 16): Camera {
  if (width <= 0 || height <= 0 || viewport.width <= 0 || viewport.height <= 0) return { x: 0, y: 0, scale: 1 };
  const scale = clampScale(Math.min(1, (viewport.width - 2 * margin) / width, (viewport.height - 2 * margin) / height));
  return { x: (viewport.width - width * scale) / 2, y: Math.max(margin, (viewport.height - height * scale) / 2), scale };
}

/** Zooms by `factor` keeping the viewport point (px, py) over the same graph point. */
export function zoomAt(camera: Camera, factor: number, px: number, py: number): Camera {
  const scale = clampScale(camera.scale * factor);
  const ratio = scale / camera.scale;
  return { x: px - (px - camera.x) * ratio, y: py - (py - camera.y) * ratio, scale };
}

/** The camera moved just enough that the box (graph units) is inside the viewport; unchanged when it already is. */
export function revealBox(camera: Camera, box: { x: number; y: number; width: number; height: number }, viewport: { width: number; height: number }, margin = 24): Camera {
  const left = box.x * camera.scale + camera.x;
  const top = box.y * camera.scale + camera.y;
  const right = left + box.width * camera.scale;
  const bottom = top + box.height * camera.scale;
  let dx = 0;
  let dy = 0;
  if (left < margin) dx = margin - left;
  else if (right > viewport.width - margin) dx = Math.max(margin - left, viewport.width - margin - right);
  if (top < margin) dy = margin - top;
  else if (bottom > viewport.height - margin) dy = Math.max(margin - top, viewport.height - margin - bottom);
  return dx === 0 && dy === 0 ? camera : { ...camera, x: camera.x + dx, y: camera.y + dy };
}

/** Saved state is input: a camera only when its numbers are finite and the scale within range. */
export function isCamera(value: unknown): value is Camera {
  const c = value as Camera | null;
  return typeof c === 'object' && c !== null && Number.isFinite(c.x) && Number.isFinite(c.y) && Number.isFinite(c.scale) && c.scale >= minScale && c.scale <= maxScale;
}
