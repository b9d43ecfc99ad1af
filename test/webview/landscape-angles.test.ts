// The loss-on-the-plane plot, measured in screen coordinates: the drawn gradient arrows must cross
// the contour lines at right angles (90° ± 10°) wherever the gradient is not tiny. The committed
// spirals run's optimizer-path plane spans about 35 units by 13, the case where a plot stretched to
// a square made the arrows look parallel to the contours. The contour tangent at a grid point is
// taken from central differences of the plotted grid in PIXELS (the level sets of the loss and of
// its log, which the contours are drawn on, are the same curves).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrowPixels, landscapeArea } from '../../webview/tabs/landscape-geometry';
import { fixtureRecord } from './harness';

const degrees = (a: readonly [number, number], b: readonly [number, number]): number =>
  (Math.acos(Math.min(1, Math.abs(a[0] * b[0] + a[1] * b[1]) / (Math.hypot(...a) * Math.hypot(...b)))) * 180) / Math.PI;

for (const [width, height] of [[480, 480], [900, 360], [360, 700]] as const) {
  test(`arrows cross the contours at 90° ± 10° on a ${width}×${height} canvas`, () => {
    const landscape = fixtureRecord().landscape;
    assert.ok(landscape && landscape.arrows, 'the fixture run has a landscape with arrows');
    const { axes, loss } = landscape;
    const { positions, vectors } = landscape.arrows;
    const area = landscapeArea(width, height, axes);
    const pixels = arrowPixels(area, positions, vectors);
    const xAt = (i: number): number => axes.x[0] + ((axes.x[1] - axes.x[0]) * i) / (axes.nx - 1);
    const yAt = (j: number): number => axes.y[0] + ((axes.y[1] - axes.y[0]) * j) / (axes.ny - 1);
    const at = (i: number, j: number): number => loss[j * axes.nx + i]!;
    const measured: { angle: number; size: number }[] = [];
    pixels.forEach((arrow, k) => {
      const i = Math.round((positions[2 * k]! - axes.x[0]) / ((axes.x[1] - axes.x[0]) / (axes.nx - 1)));
      const j = Math.round((positions[2 * k + 1]! - axes.y[0]) / ((axes.y[1] - axes.y[0]) / (axes.ny - 1)));
      if (i < 1 || j < 1 || i >= axes.nx - 1 || j >= axes.ny - 1) return;
      // The loss's gradient in pixels, then the contour's tangent (perpendicular to it).
      const gx = (at(i + 1, j) - at(i - 1, j)) / (area.x(xAt(i + 1)) - area.x(xAt(i - 1)));
      const gy = (at(i, j + 1) - at(i, j - 1)) / (area.y(yAt(j + 1)) - area.y(yAt(j - 1)));
      measured.push({ angle: degrees(arrow, [-gy, gx]), size: Math.hypot(gx, gy) });
    });
    const largest = Math.max(...measured.map((m) => m.size));
    const counted = measured.filter((m) => m.size > 0.05 * largest);
    assert.ok(counted.length >= 20, `${counted.length} arrows with a gradient that is not tiny`);
    const off = counted.filter((m) => Math.abs(m.angle - 90) > 10);
    assert.deepEqual(off.map((m) => m.angle.toFixed(1)), [], `of ${counted.length} arrows, these cross the contours away from 90°`);
    // Same pixels per unit on both axes.
    const unitX = area.x(1) - area.x(0);
    const unitY = area.y(0) - area.y(1);
    assert.ok(Math.abs(unitX / unitY - 1) < 1e-9, `x ${unitX} px/unit, y ${unitY} px/unit`);
  });
}
