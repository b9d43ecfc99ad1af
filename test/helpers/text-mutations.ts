import fc from 'fast-check';

/**
 * Random edits of real files, for property tests of everything that reads text: insertions (of the
 * given texts), deletions, truncations and duplicated chunks, at positions relative to the length.
 */
export function textMutation(insertText: fc.Arbitrary<string>) {
  const at = fc.double({ min: 0, max: 1, noNaN: true });
  return fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at, text: insertText }),
    fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at }),
    fc.record({ kind: fc.constant('duplicate' as const), at, length: fc.integer({ min: 1, max: 80 }), to: at }),
  );
}

export type TextMutation = ReturnType<typeof textMutation> extends fc.Arbitrary<infer M> ? M : never;

/** Applies one mutation. */
export function mutate(text: string, m: TextMutation): string {
  const at = Math.floor(m.at * text.length);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'truncate':
      return text.slice(0, at);
    case 'duplicate': {
      const to = Math.floor(m.to * text.length);
      return text.slice(0, to) + text.slice(at, at + m.length) + text.slice(to);
    }
  }
}
