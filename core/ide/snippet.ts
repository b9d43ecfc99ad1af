/** How a plain-text insertion lays out the lines of a multi-line snippet. */
export interface PlainTextLayout {
  /** The indentation of the line the text is inserted on; later lines start with it. */
  readonly lineIndent: string;
  /** What one `\t` of the snippet becomes (snippet clients use the editor's indentation). */
  readonly indent: string;
}

/**
 * The text a snippet inserts when the editor cannot expand snippets: every tab stop becomes its
 * placeholder (`${1:16}` → `16`, `$0` → nothing), escapes are undone, and lines after the first get
 * the indentation snippet clients would add. `dense(${1:16})$0` → `dense(16)`.
 */
export function snippetToPlainText(snippet: string, layout: PlainTextLayout): string {
  let text = '';
  let i = 0;
  while (i < snippet.length) {
    const c = snippet[i] as string;
    if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1] as string)) {
      text += snippet[i + 1];
      i += 2;
    } else if (c === '$' && /[0-9]/.test(snippet[i + 1] ?? '')) {
      i += 1;
      while (/[0-9]/.test(snippet[i] ?? '')) i++;
    } else if (c === '$' && snippet[i + 1] === '{') {
      // `${1:text}` or `${1}`: keep the text (placeholders here never nest).
      const close = snippet.indexOf('}', i);
      const body = snippet.slice(i + 2, close < 0 ? snippet.length : close);
      const colon = body.indexOf(':');
      text += colon < 0 ? '' : body.slice(colon + 1);
      i = close < 0 ? snippet.length : close + 1;
    } else {
      text += c;
      i++;
    }
  }
  return text
    .split('\n')
    .map((line, index) => (index === 0 ? '' : layout.lineIndent) + line.replace(/\t/g, layout.indent))
    .join('\n');
}
