// The guards for the panel messages: every message from the webview goes through
// isWebviewToHostMessage before the host reads it, so it must accept exactly the well-formed
// messages and nothing else, and never throw, whatever JSON (or non-JSON value) it is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { messageLimits, type WebviewToHostMessage } from '../../protocol/panel-messages';
import { isHostToWebviewMessage, isWebviewToHostMessage } from '../../protocol/validate-messages';

const name = fc.string({ maxLength: messageLimits.maxNameLength });
const offset = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const range = fc.tuple(offset, offset).map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }));

/** Every well-formed message from the webview. */
const validMessage: fc.Arbitrary<WebviewToHostMessage> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.constant({ type: 'train' as const }),
  fc.record({ type: fc.constant('select-run' as const), runId: name }),
  fc.record({ type: fc.constant('reveal' as const), runId: name, range }),
  fc.record({
    type: fc.constant('request-landscape' as const),
    runId: name,
    plane: fc.constantFrom('random' as const, 'path' as const),
    resolution: fc.integer({ min: messageLimits.minResolution, max: messageLimits.maxResolution }),
  }),
  fc.record({ type: fc.constant('select-layer' as const), runId: name, layer: name }),
  fc.record({ type: fc.constant('apply-sweep' as const), sweepId: name, index: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ type: fc.constant('sweep-revealed' as const), sweepId: name }),
  fc.record({ type: fc.constant('set-lr' as const), runId: name, lr: fc.double({ min: 1e-6, max: 10, noNaN: true }) }),
  // The prompt is the window's first tokens: at least as many tokens as the prompt is long.
  fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 64 }).chain((tokens) =>
    fc.record({
      type: fc.constant('sequence-step' as const),
      runId: name,
      window: fc.integer({ min: 0, max: 63 }),
      tokens: fc.constant(tokens),
      prompt: fc.integer({ min: 1, max: tokens.length }),
      temperature: fc.double({ min: 0, max: 100, noNaN: true }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      draw: fc.integer({ min: 0, max: 64 }),
    }),
  ),
  fc.record({ type: fc.constant('decode-latent' as const), runId: name, epoch: fc.integer({ min: 0, max: 1e9 }), points: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 64 }).map((v) => [...v, ...v]) }),
);

/** The keys each message type has, exactly. */
const keysOf: Record<WebviewToHostMessage['type'], string[]> = {
  ready: ['type'],
  reveal: ['range', 'runId', 'type'],
  'request-landscape': ['plane', 'resolution', 'runId', 'type'],
  'select-layer': ['layer', 'runId', 'type'],
  'select-run': ['runId', 'type'],
  train: ['type'],
  'apply-sweep': ['index', 'sweepId', 'type'],
  'sweep-revealed': ['sweepId', 'type'],
  'set-lr': ['lr', 'runId', 'type'],
  'sequence-step': ['draw', 'prompt', 'runId', 'seed', 'temperature', 'tokens', 'type', 'window'],
  'decode-latent': ['epoch', 'points', 'runId', 'type'],
};

test('webview → host: any value, JSON or not, gives true or false and never throws', () => {
  fc.assert(
    fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.json().map((text) => JSON.parse(text) as unknown)), (value) => {
      const accepted = isWebviewToHostMessage(value);
      assert.equal(typeof accepted, 'boolean');
      if (accepted) {
        const message = value;
        assert.deepEqual(Object.keys(message).sort(), keysOf[message.type]);
      }
    }),
    { numRuns: 3000 },
  );
});

test('webview → host: arbitrary objects with a known type are accepted only in the exact shape', () => {
  const withType = fc.record(
    {
      type: fc.constantFrom('ready', 'reveal', 'request-landscape', 'select-layer', 'select-run', 'train', 'state', 'events', 'Ready', ''),
      runId: fc.oneof(name, fc.integer(), fc.constant(null)),
      range: fc.oneof(range, fc.jsonValue(), fc.record({ start: fc.double(), end: fc.double() })),
      plane: fc.oneof(fc.constantFrom('random', 'path', 'pca'), fc.jsonValue()),
      resolution: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double(), fc.string()),
      layer: fc.oneof(name, fc.jsonValue()),
      extra: fc.jsonValue(),
    },
    { requiredKeys: ['type'] },
  );
  fc.assert(
    fc.property(withType, (value) => {
      if (!isWebviewToHostMessage(value)) return;
      const message = value;
      assert.deepEqual(Object.keys(message).sort(), keysOf[message.type]);
      if (message.type === 'reveal') assert.ok(Number.isInteger(message.range.start) && message.range.start <= message.range.end);
      if (message.type === 'request-landscape') assert.ok(Number.isInteger(message.resolution) && message.resolution >= 5 && message.resolution <= 101);
    }),
    { numRuns: 3000 },
  );
});

test('webview → host: every well-formed message is accepted, also after a JSON round trip', () => {
  fc.assert(
    fc.property(validMessage, (message) => {
      assert.ok(isWebviewToHostMessage(message));
      assert.ok(isWebviewToHostMessage(JSON.parse(JSON.stringify(message))));
    }),
  );
});

/** The fields that take fractional numbers, with the range their guard accepts. */
const fractionalRanges: Partial<Record<string, readonly [number, number]>> = { lr: [1e-6, 10], temperature: [0, 100] };

test('webview → host: a missing key, an extra key or a wrongly typed value is refused', () => {
  const wrongValue = fc.oneof(fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({}), fc.double({ noInteger: true }), fc.constant(-1), fc.constant('x'.repeat(300)));
  fc.assert(
    fc.property(validMessage, fc.nat(), wrongValue, fc.string(), (message, pick, wrong, extraKey) => {
      const keys = Object.keys(message).filter((k) => k !== 'type');
      const record = message as unknown as Record<string, unknown>;
      if (keys.length > 0) {
        const key = keys[pick % keys.length]!;
        const { [key]: _dropped, ...missing } = record;
        assert.equal(isWebviewToHostMessage(missing), false, `without ${key}`);
        const replaced = { ...record, [key]: wrong };
        // A wrong value can happen to be valid only for a string field given a string under the limit,
        // or for a fractional field (a learning rate, a temperature) given a number inside its range.
        const range = fractionalRanges[key];
        const validNumber = range !== undefined && typeof wrong === 'number' && wrong >= range[0] && wrong <= range[1];
        if (!validNumber && !(typeof wrong === 'string' && wrong.length <= messageLimits.maxNameLength && typeof record[key] === 'string')) {
          assert.equal(isWebviewToHostMessage(replaced), false, `${key}: ${JSON.stringify(wrong)}`);
        }
      }
      if (!Object.hasOwn(record, extraKey)) assert.equal(isWebviewToHostMessage({ ...record, [extraKey]: 1 }), false, `extra key ${extraKey}`);
    }),
  );
});

test('webview → host: the edges of each limit', () => {
  const ok = (value: unknown): void => assert.equal(isWebviewToHostMessage(value), true, JSON.stringify(value));
  const refused = (value: unknown): void => assert.equal(isWebviewToHostMessage(value), false, JSON.stringify(value));
  ok({ type: 'reveal', runId: 'r', range: { start: 0, end: 0 } });
  ok({ type: 'sequence-step', runId: 'r', window: 0, tokens: [7], prompt: 1, temperature: 1, seed: 0, draw: 0 });
  refused({ type: 'sequence-step', runId: 'r', window: 0, tokens: [], prompt: 1, temperature: 1, seed: 0, draw: 0 });
  refused({ type: 'sequence-step', runId: 'r', window: 0, tokens: [7, 8], prompt: 3, temperature: 1, seed: 0, draw: 0 });
  refused({ type: 'reveal', runId: 'r', range: { start: 5, end: 4 } });
  refused({ type: 'reveal', runId: 'r', range: { start: -1, end: 4 } });
  refused({ type: 'reveal', runId: 'r', range: { start: 0.5, end: 4 } });
  refused({ type: 'reveal', runId: 'r', range: { start: 0, end: 2 ** 31 } });
  refused({ type: 'reveal', runId: 'r', range: [0, 4] });
  ok({ type: 'select-layer', runId: 'r'.repeat(256), layer: '<img src=x onerror=alert(1)>' });
  refused({ type: 'select-layer', runId: 'r'.repeat(257), layer: 'dense_1' });
  ok({ type: 'request-landscape', runId: 'r', plane: 'path', resolution: 5 });
  ok({ type: 'request-landscape', runId: 'r', plane: 'random', resolution: 101 });
  refused({ type: 'request-landscape', runId: 'r', plane: 'random', resolution: 102 });
  refused({ type: 'request-landscape', runId: 'r', plane: 'random', resolution: 4 });
  refused({ type: 'request-landscape', runId: 'r', plane: 'random', resolution: Number.NaN });
  refused({ type: 'request-landscape', runId: 'r', plane: 'random', resolution: '31' });
  ok({ type: 'set-lr', runId: 'r', lr: 1e-6 });
  ok({ type: 'set-lr', runId: 'r', lr: 10 });
  refused({ type: 'set-lr', runId: 'r', lr: 0 });
  refused({ type: 'set-lr', runId: 'r', lr: 11 });
  refused({ type: 'set-lr', runId: 'r', lr: Number.POSITIVE_INFINITY });
  refused({ type: 'set-lr', runId: 'r', lr: '0.01' });
  ok({ type: 'apply-sweep', sweepId: 's', index: 0 });
  refused({ type: 'apply-sweep', sweepId: 's', index: 1.5 });
  refused({ type: 'apply-sweep', sweepId: 's', index: -1 });
  refused({ type: 'ready', extra: undefined });
  refused(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'));
  refused(Object.assign(Object.create({ inherited: true }) as object, { type: 'ready' }));
  ok(Object.assign(Object.create(null) as object, { type: 'ready' }));
  refused(new (class Ready {
    type = 'ready';
  })());
  refused(['ready']);
  refused('ready');
  refused(null);
  refused(undefined);
});

test('host → webview: any value gives true or false and never throws; host messages are not webview messages', () => {
  fc.assert(
    fc.property(fc.oneof(fc.anything(), fc.jsonValue()), (value) => {
      assert.equal(typeof isHostToWebviewMessage(value), 'boolean');
    }),
    { numRuns: 2000 },
  );
  const started = { type: 'run-started', runId: 'a', label: 'A', source: null, startedAt: null };
  assert.ok(isHostToWebviewMessage(started));
  assert.ok(!isWebviewToHostMessage(started));
  assert.ok(isHostToWebviewMessage({ type: 'events', runId: 'a', events: [] }));
  assert.ok(isHostToWebviewMessage({ type: 'landscape', runId: 'a', landscape: null, message: 'the model is too large' }));
  assert.ok(!isHostToWebviewMessage({ type: 'events', runId: 'a', events: [{ type: 'step', epoch: 1, step: 1, loss: Number.NaN, lr: 0.1, layers: [] }] }));
  assert.ok(!isHostToWebviewMessage({ type: 'ready' }));
});
