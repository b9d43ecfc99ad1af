// A VAE run (examples/digits-vae.dlmodel, two epochs): every step and epoch event carries the
// loss's two terms, and loss = reconstruction + β·kl; the KL term is what the second backward pass
// trains (β = 0 leaves the KL term free to grow where β = 1 holds it down); the run is
// reproducible because ε comes from the seeded noise stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allEvents, eventsOf, planText } from '../../helpers/training';
import { fromRoot } from '../../helpers/paths';

const example = readFileSync(fromRoot('examples/digits-vae.dlmodel'), 'utf8');

function run(beta: number, epochs = 2): ReturnType<typeof allEvents> {
  return allEvents(planText(example.replace('beta: 1)', `beta: ${beta})`).replace('epochs: 30', `epochs: ${epochs}`)));
}

test('every step and epoch reports reconstruction and KL, and the loss is reconstruction + β·kl', () => {
  const beta = 0.5;
  const events = run(beta);
  const steps = eventsOf(events, 'step');
  assert.ok(steps.length > 0);
  for (const step of steps) {
    assert.ok(step.terms, `step ${step.step} has terms`);
    assert.ok(Math.abs(step.loss - (step.terms.reconstruction + beta * step.terms.kl)) <= 1e-9 * Math.abs(step.loss), `step ${step.step}`);
    assert.ok(step.terms.kl >= 0 && step.terms.reconstruction > 0);
  }
  for (const epoch of eventsOf(events, 'epoch')) {
    assert.ok(epoch.terms && epoch.valTerms && epoch.valLoss !== null);
    assert.ok(Math.abs(epoch.loss - (epoch.terms.reconstruction + beta * epoch.terms.kl)) <= 1e-9 * epoch.loss);
    assert.ok(Math.abs(epoch.valLoss - (epoch.valTerms.reconstruction + beta * epoch.valTerms.kl)) <= 1e-9 * epoch.valLoss);
  }
});

test('the same seed gives the same VAE run (ε from the noise stream)', () => {
  const losses = (events: ReturnType<typeof allEvents>): number[] => eventsOf(events, 'step').map((s) => s.loss);
  assert.deepEqual(losses(run(1, 1)), losses(run(1, 1)));
});

test('β weighs the KL term: after training, β = 1 leaves a smaller KL than β = 0', () => {
  const kl = (events: ReturnType<typeof allEvents>): number => eventsOf(events, 'epoch').at(-1)!.terms!.kl;
  const held = kl(run(1, 3));
  const free = kl(run(0, 3));
  assert.ok(held < free, `KL with β = 1: ${held}; with β = 0: ${free}`);
});
