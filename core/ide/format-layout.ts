import type { Token } from '../syntax';

// The printer behind `formatText` (see format.ts for the style it implements). It works on the
// token stream, not the tree: the lexer is total, so every comment and every piece of code is a
// token in source order, and the printer only decides what goes between them (a space, nothing, a
// line break, a blank line). It is only run on text without syntax errors, so brackets balance.

/** How `layoutTokens` prints: the indent of one level, its width in columns, the line ending. */
export interface LayoutSettings {
  readonly indent: string;
  readonly indentColumns: number;
  readonly eol: string;
  readonly maxColumns: number;
}

/** One output line. `code` holds the tokens with their single spaces; `comment` the trimmed comment. */
interface Line {
  readonly indent: number;
  code: string;
  /** Columns used by the indent and the code (the comment is not counted). */
  columns: number;
  comment: string | undefined;
}

/**
 * An open construct. `top` is the file; `block` a `{ … }`; `group` a `( … )` or `[ … ]`. A flat
 * frame prints on the current line; a broken one puts its content on lines of `innerIndent`
 * and its closer on a line of `lineIndent`.
 */
interface Frame {
  readonly kind: 'top' | 'block' | 'group';
  readonly flat: boolean;
  readonly lineIndent: number;
  readonly innerIndent: number;
  /** Statements and full-line comments started so far (blank lines never precede the first). */
  items: number;
  /** True between statements: the next token starts a new item. */
  atItemStart: boolean;
}

const blankLine = 'blank';

/** Removes the spaces and tabs a comment may end with (the lexer includes them in the comment). */
export function trimComment(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  return text.slice(0, end);
}

/** Columns a piece of code takes: one per code point (an astral character in a string is one column). */
function columnsOf(text: string): number {
  let columns = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) {
      const previous = text.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) columns--;
    }
  }
  return columns;
}

/**
 * Whether one space separates two adjacent tokens on a line. Nothing before `,` `:` `)` `]` or a
 * call's `(`, nothing after `(` or `[`, and `{}` for an empty block; one space everywhere else
 * (`x = f`, `key: v`, `a, b`, `input [2]`, `repeat 2 {`, `{ f() }`, `} shortcut {`).
 */
function needsSpace(previous: string | undefined, next: string): boolean {
  if (previous === undefined) return false;
  if (next === ',' || next === ':' || next === ')' || next === ']' || next === '(') return false;
  if (previous === '(' || previous === '[') return false;
  return !(previous === '{' && next === '}');
}

function isCode(token: Token): boolean {
  return token.kind !== 'newline' && token.kind !== 'comment';
}

/**
 * Lays out the tokens of a text that has no syntax error. Returns undefined only if the brackets
 * do not balance, which the parser would have reported; callers then leave the text alone.
 */
export function layoutTokens(allTokens: readonly Token[], settings: LayoutSettings): string | undefined {
  // Whitespace is what the printer rewrites, so it is dropped; newlines still tell where the
  // user broke lines, which decides blank lines, trailing comments and single-line constructs.
  const tokens = allTokens.filter((token) => token.kind !== 'whitespace' && token.kind !== 'eof');
  const count = tokens.length;

  const lineOf = new Int32Array(count);
  const commentsBefore = new Int32Array(count + 1);
  const match = new Int32Array(count).fill(-1);
  const openers: number[] = [];
  let sourceLine = 0;
  for (let i = 0; i < count; i++) {
    const token = tokens[i] as Token;
    lineOf[i] = sourceLine;
    if (token.kind === 'newline') sourceLine++;
    commentsBefore[i + 1] = (commentsBefore[i] as number) + (token.kind === 'comment' ? 1 : 0);
    if (token.kind !== 'punctuation') continue;
    if (token.text === '{' || token.text === '(' || token.text === '[') openers.push(i);
    else if (token.text === '}' || token.text === ')' || token.text === ']') {
      const opener = openers.pop();
      if (opener === undefined || '{(['.indexOf((tokens[opener] as Token).text) !== '})]'.indexOf(token.text)) return undefined;
      match[opener] = i;
      match[i] = opener;
    }
  }
  if (openers.length > 0) return undefined;

  // The next code token (not a newline or comment) after each index, or `count`.
  const nextCode = new Int32Array(count);
  let upcoming = count;
  for (let i = count - 1; i >= 0; i--) {
    nextCode[i] = upcoming;
    if (isCode(tokens[i] as Token)) upcoming = i;
  }

  const textAt = (i: number): string => (i < count ? (tokens[i] as Token).text : '');
  const hasComment = (from: number, to: number): boolean => (commentsBefore[to + 1] as number) > (commentsBefore[from] as number);
  // The grammar allows a comma before `)` or `]`; the canonical style has none.
  const isTrailingComma = (i: number): boolean => textAt(i) === ',' && (textAt(nextCode[i] as number) === ')' || textAt(nextCode[i] as number) === ']');

  /** Width of `from..to` printed on one line; stops counting once past `limit`. */
  function flatColumns(from: number, to: number, limit: number): number {
    let columns = 0;
    let previous: string | undefined;
    for (let i = from; i <= to && columns <= limit; i++) {
      const token = tokens[i] as Token;
      if (token.kind === 'newline' || token.text === ';' || isTrailingComma(i)) continue;
      if (token.kind === 'comment') return Number.POSITIVE_INFINITY;
      if (needsSpace(previous, token.text)) columns++;
      columns += columnsOf(token.text);
      previous = token.text;
    }
    return columns;
  }

  /** True when the block holds nothing but line breaks and `;`: it prints as `{}`. */
  function isEmptyBlock(open: number, close: number): boolean {
    for (let i = open + 1; i < close; i++) {
      const token = tokens[i] as Token;
      if (token.kind !== 'newline' && token.text !== ';') return false;
    }
    return true;
  }

  /**
   * True when the block may stay on one line: the user wrote it on one line, it has no comment,
   * it holds exactly one statement, and so does every block nested in it (two statements would
   * need a `;`, and the style turns every `;` into a line break).
   */
  function isOneLineCandidate(open: number, close: number): boolean {
    if (lineOf[open] !== lineOf[close] || hasComment(open, close)) return false;
    const statements: number[] = [];
    const inStatement: boolean[] = [];
    for (let i = open; i <= close; i++) {
      const text = textAt(i);
      const depth = statements.length - 1;
      if (text === ';') {
        inStatement[depth] = false;
      } else if (text === '}') {
        const found = statements.pop() as number;
        inStatement.pop();
        if (found > 1 || (statements.length === 0 && found !== 1)) return false;
      } else {
        if (depth >= 0 && inStatement[depth] !== true) {
          statements[depth] = (statements[depth] as number) + 1;
          inStatement[depth] = true;
        }
        if (text === '{') {
          statements.push(0);
          inStatement.push(false);
        }
      }
    }
    return true;
  }

  // The output, and the printer's state.
  const lines: (Line | typeof blankLine)[] = [];
  const indentColumns = (level: number): number => level * settings.indentColumns;
  let current: Line | undefined;
  /** The line holding the last code token written; a `,` after a comment joins it. */
  let lastCodeLine: Line | undefined;
  let previousText: string | undefined;
  let needBreak = true;
  let newlineRun = 0;
  /** Set after a top-level declaration: whatever comes next is preceded by exactly one blank line. */
  let afterDeclaration = false;
  const frames: Frame[] = [{ kind: 'top', flat: false, lineIndent: 0, innerIndent: 0, items: 0, atItemStart: true }];
  const frame = (): Frame => frames[frames.length - 1] as Frame;

  function openLine(indent: number, blankBefore: boolean): Line {
    if (blankBefore && lines.length > 0) lines.push(blankLine);
    const line: Line = { indent, code: '', columns: indentColumns(indent), comment: undefined };
    lines.push(line);
    current = line;
    previousText = undefined;
    needBreak = false;
    return line;
  }

  /** At the start of an item (statement, declaration or comment line): whether a blank line goes before it. */
  function startItem(): boolean {
    const top = frame();
    if (top.flat || top.kind === 'group' || !top.atItemStart) return false;
    const blank = (top.kind === 'top' && afterDeclaration) || (newlineRun >= 2 && top.items > 0);
    top.items++;
    afterDeclaration = false;
    return blank;
  }

  /** Column where a token would start if written now (after its space, if it takes one). */
  function columnFor(text: string): number {
    if (needBreak || current === undefined) return indentColumns(frame().innerIndent);
    return current.columns + (needsSpace(previousText, text) ? 1 : 0);
  }

  function writeCode(text: string, closerIndent?: number): void {
    if ((text === ',' || text === ':') && needBreak && lastCodeLine !== undefined) {
      // Only a comment can sit between a value and its `,` (or a key and its `:`): keep the
      // punctuation with the code before it, rather than alone at the start of a line.
      lastCodeLine.code += text;
      lastCodeLine.columns += 1;
      newlineRun = 0;
      return;
    }
    if (needBreak || current === undefined) {
      const blank = closerIndent === undefined && startItem();
      if (closerIndent === undefined) frame().atItemStart = false;
      current = openLine(closerIndent ?? frame().innerIndent, blank);
    } else if (needsSpace(previousText, text)) {
      current.code += ' ';
      current.columns += 1;
    }
    current.code += text;
    current.columns += columnsOf(text);
    previousText = text;
    lastCodeLine = current;
    newlineRun = 0;
  }

  function writeComment(i: number): void {
    const text = trimComment(textAt(i));
    const previous = i > 0 ? (tokens[i - 1] as Token) : undefined;
    const trailing = previous !== undefined && previous.kind !== 'newline';
    const last = lines[lines.length - 1];
    if (trailing && last !== undefined && last !== blankLine && last.code !== '' && last.comment === undefined) {
      last.comment = text;
    } else {
      // A full-line comment, or a second comment for a line that already has one.
      const line = openLine(frame().innerIndent, startItem());
      line.comment = text;
    }
    needBreak = true;
    newlineRun = 0;
  }

  /**
   * A line break or `;` inside a broken block ends the statement, unless the statement goes on:
   * a `{` may sit on the line after `repeat 2`, and `shortcut` on the line after its residual's `}`.
   */
  function endStatement(i: number): void {
    const next = textAt(nextCode[i] as number);
    if (next === '{' || next === 'shortcut') return;
    frame().atItemStart = true;
    needBreak = true;
  }

  /** Columns taken after a block's `}` by a `shortcut { … }` that follows it on the same line. */
  function shortcutColumns(close: number): number {
    const shortcut = nextCode[close] as number;
    if (textAt(shortcut) !== 'shortcut' || hasComment(close, shortcut)) return 0;
    const open = nextCode[shortcut] as number;
    if (textAt(open) !== '{') return 1 + 'shortcut'.length;
    const end = match[open] as number;
    const oneLine = isEmptyBlock(open, end) || isOneLineCandidate(open, end);
    return 1 + 'shortcut'.length + 1 + (oneLine ? flatColumns(open, end, settings.maxColumns) : 1);
  }

  function openBlock(open: number): void {
    const close = match[open] as number;
    const parent = frame();
    const flat =
      parent.flat ||
      isEmptyBlock(open, close) ||
      (isOneLineCandidate(open, close) &&
        columnFor('{') + flatColumns(open, close, settings.maxColumns) + shortcutColumns(close) <= settings.maxColumns);
    writeCode('{');
    const lineIndent = (current as Line).indent;
    frames.push({ kind: 'block', flat, lineIndent, innerIndent: lineIndent + 1, items: 0, atItemStart: true });
    if (!flat) needBreak = true;
  }

  function closeBlock(): void {
    const block = frames.pop() as Frame;
    if (block.flat) writeCode('}');
    else {
      needBreak = true;
      writeCode('}', block.lineIndent);
    }
    if (frame().kind === 'top') {
      frame().atItemStart = true;
      afterDeclaration = true;
      needBreak = true;
    }
  }

  function openGroup(open: number): void {
    const close = match[open] as number;
    const parent = frame();
    let flat = parent.flat;
    if (!flat && !hasComment(open, close)) {
      // A `,` follows on the same line when the group ends an argument of a broken call.
      const after = nextCode[close] as number;
      const suffix = parent.kind === 'group' && textAt(after) === ',' && !isTrailingComma(after) ? 1 : 0;
      flat = lineOf[open] === lineOf[close] || columnFor(textAt(open)) + flatColumns(open, close, settings.maxColumns) + suffix <= settings.maxColumns;
    }
    writeCode(textAt(open));
    const lineIndent = (current as Line).indent;
    frames.push({ kind: 'group', flat, lineIndent, innerIndent: lineIndent + 1, items: 0, atItemStart: false });
    if (!flat) needBreak = true;
  }

  function closeGroup(close: number): void {
    const group = frames.pop() as Frame;
    if (!group.flat) needBreak = true;
    writeCode(textAt(close), group.flat ? undefined : group.lineIndent);
  }

  for (let i = 0; i < count; i++) {
    const token = tokens[i] as Token;
    const top = frame();
    if (token.kind === 'newline') {
      if (top.kind === 'group' || top.flat) continue;
      newlineRun++;
      if (top.kind === 'block') endStatement(i);
    } else if (token.kind === 'comment') {
      writeComment(i);
    } else if (token.kind !== 'punctuation') {
      writeCode(token.text);
    } else if (token.text === ';') {
      // A line holding only `;` is an empty statement, not a blank line to keep.
      newlineRun = 0;
      if (top.kind === 'block' && !top.flat) endStatement(i);
    } else if (token.text === '{') {
      openBlock(i);
    } else if (token.text === '}') {
      closeBlock();
    } else if (token.text === '(' || token.text === '[') {
      openGroup(i);
    } else if (token.text === ')' || token.text === ']') {
      closeGroup(i);
    } else if (token.text === ',') {
      if (isTrailingComma(i)) continue;
      writeCode(',');
      if (top.kind === 'group' && !top.flat) needBreak = true;
    } else {
      writeCode(token.text);
    }
  }

  if (lines.length === 0) return '';
  const rendered = lines.map((line) => {
    if (line === blankLine) return '';
    const code = settings.indent.repeat(line.indent) + line.code;
    if (line.comment === undefined) return code;
    return line.code === '' ? settings.indent.repeat(line.indent) + line.comment : `${code}  ${line.comment}`;
  });
  return rendered.join(settings.eol) + settings.eol;
}
