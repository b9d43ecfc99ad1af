import type { LayoutSettings } from './format-layout';
import { columnsOf, needsSpace, trimComment, type LayoutTokens } from './format-tokens';

// The formatter's printer: walks the tokens once, in source order, and decides what goes between
// them (a space, nothing, a line break, a blank line). Its state is the lines written so far and a
// stack of open constructs; every look-ahead (does this block fit, did the user break this call)
// is asked of `LayoutTokens`.

/** One output line. `code` holds the tokens with their single spaces; `comment` the trimmed comment. */
export interface Line {
  readonly indent: number;
  code: string;
  /** Columns used by the indent and the code (the comment is not counted). */
  columns: number;
  comment: string | undefined;
}

/** Stands for an empty line in the output, which holds no code or comment to attach to. */
export const blankLine = 'blank';

export type PrintedLine = Line | typeof blankLine;

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

/** Prints the tokens into lines; `print()` once, then read `lines`. */
export class LinePrinter {
  readonly lines: PrintedLine[] = [];
  private current: Line | undefined;
  /** The line holding the last code token written; a `,` after a comment joins it. */
  private lastCodeLine: Line | undefined;
  private previousText: string | undefined;
  /** The next code token starts a new line. */
  private needBreak = true;
  /** Line breaks since the last token written: two or more keep a blank line. */
  private newlineRun = 0;
  /** Set after a top-level declaration: whatever comes next is preceded by exactly one blank line. */
  private afterDeclaration = false;
  private readonly frames: Frame[] = [{ kind: 'top', flat: false, lineIndent: 0, innerIndent: 0, items: 0, atItemStart: true }];

  constructor(
    private readonly tokens: LayoutTokens,
    private readonly settings: LayoutSettings,
  ) {}

  print(): void {
    for (let i = 0; i < this.tokens.count; i++) this.printToken(i);
  }

  private printToken(i: number): void {
    const token = this.tokens.at(i);
    if (token.kind === 'newline') this.lineBreak(i);
    else if (token.kind === 'comment') this.writeComment(i);
    else if (token.kind === 'punctuation') this.printPunctuation(i, token.text);
    else this.writeCode(token.text);
  }

  private printPunctuation(i: number, text: string): void {
    switch (text) {
      case ';':
        return this.semicolon(i);
      case '{':
        return this.openBlock(i);
      case '}':
        return this.closeBlock();
      case '(':
      case '[':
        return this.openGroup(i);
      case ')':
      case ']':
        return this.closeGroup(i);
      case ',':
        return this.comma(i);
      default:
        return this.writeCode(text);
    }
  }

  private frame(): Frame {
    return this.frames[this.frames.length - 1] as Frame;
  }

  private indentColumns(level: number): number {
    return level * this.settings.indentColumns;
  }

  /** Inside brackets or a one-line block a line break means nothing; in a block it may end a statement. */
  private lineBreak(i: number): void {
    const top = this.frame();
    if (top.kind === 'group' || top.flat) return;
    this.newlineRun++;
    if (top.kind === 'block') this.endStatement(i);
  }

  private semicolon(i: number): void {
    // A line holding only `;` is an empty statement, not a blank line to keep.
    this.newlineRun = 0;
    const top = this.frame();
    if (top.kind === 'block' && !top.flat) this.endStatement(i);
  }

  private comma(i: number): void {
    if (this.tokens.isTrailingComma(i)) return;
    this.writeCode(',');
    // In a broken call or list each argument goes on its own line.
    const top = this.frame();
    if (top.kind === 'group' && !top.flat) this.needBreak = true;
  }

  private openLine(indent: number, blankBefore: boolean): Line {
    if (blankBefore && this.lines.length > 0) this.lines.push(blankLine);
    const line: Line = { indent, code: '', columns: this.indentColumns(indent), comment: undefined };
    this.lines.push(line);
    this.current = line;
    this.previousText = undefined;
    this.needBreak = false;
    return line;
  }

  /** At the start of an item (statement, declaration or comment line): whether a blank line goes before it. */
  private startItem(): boolean {
    const top = this.frame();
    if (top.flat || top.kind === 'group' || !top.atItemStart) return false;
    const blank = (top.kind === 'top' && this.afterDeclaration) || (this.newlineRun >= 2 && top.items > 0);
    top.items++;
    this.afterDeclaration = false;
    return blank;
  }

  /** Column where a token would start if written now (after its space, if it takes one). */
  private columnFor(text: string): number {
    if (this.needBreak || this.current === undefined) return this.indentColumns(this.frame().innerIndent);
    return this.current.columns + (needsSpace(this.previousText, text) ? 1 : 0);
  }

  /** Writes a code token; `closerIndent` puts a broken construct's closer on its own line at that indent. */
  private writeCode(text: string, closerIndent?: number): void {
    if ((text === ',' || text === ':') && this.needBreak && this.lastCodeLine !== undefined) {
      // Only a comment can sit between a value and its `,` (or a key and its `:`): keep the
      // punctuation with the code before it, rather than alone at the start of a line.
      this.lastCodeLine.code += text;
      this.lastCodeLine.columns += 1;
      this.newlineRun = 0;
      return;
    }
    const line = this.lineFor(text, closerIndent);
    line.code += text;
    line.columns += columnsOf(text);
    this.previousText = text;
    this.lastCodeLine = line;
    this.newlineRun = 0;
  }

  /** The line a code token goes on: a new one after a break, else the current one with its space. */
  private lineFor(text: string, closerIndent: number | undefined): Line {
    if (this.needBreak || this.current === undefined) {
      // A closer ends an item rather than starting one, so it never takes a blank line.
      const blank = closerIndent === undefined && this.startItem();
      if (closerIndent === undefined) this.frame().atItemStart = false;
      return this.openLine(closerIndent ?? this.frame().innerIndent, blank);
    }
    if (needsSpace(this.previousText, text)) {
      this.current.code += ' ';
      this.current.columns += 1;
    }
    return this.current;
  }

  private writeComment(i: number): void {
    const text = trimComment(this.tokens.textAt(i));
    const trailing = i > 0 && this.tokens.at(i - 1).kind !== 'newline';
    const last = this.lines[this.lines.length - 1];
    if (trailing && last !== undefined && last !== blankLine && last.code !== '' && last.comment === undefined) {
      last.comment = text;
    } else {
      // A full-line comment, or a second comment for a line that already has one.
      const line = this.openLine(this.frame().innerIndent, this.startItem());
      line.comment = text;
    }
    this.needBreak = true;
    this.newlineRun = 0;
  }

  /**
   * A line break or `;` inside a broken block ends the statement, unless the statement goes on:
   * a `{` may sit on the line after `repeat 2`, and `shortcut` on the line after its residual's `}`.
   */
  private endStatement(i: number): void {
    const next = this.tokens.textAt(this.tokens.nextCodeAfter(i));
    if (next === '{' || next === 'shortcut') return;
    this.frame().atItemStart = true;
    this.needBreak = true;
  }

  /** A block stays on one line if it is empty, or the user wrote it so and it fits (with its shortcut). */
  private blockStaysFlat(open: number, close: number): boolean {
    const { tokens } = this;
    const limit = this.settings.maxColumns;
    if (this.frame().flat || tokens.isEmptyBlock(open, close)) return true;
    if (!tokens.isOneLineCandidate(open, close)) return false;
    return this.columnFor('{') + tokens.flatColumns(open, close, limit) + tokens.shortcutColumns(close, limit) <= limit;
  }

  private openBlock(open: number): void {
    const flat = this.blockStaysFlat(open, this.tokens.partner(open));
    this.writeCode('{');
    this.pushFrame('block', flat, true);
  }

  private closeBlock(): void {
    const block = this.frames.pop() as Frame;
    if (block.flat) this.writeCode('}');
    else {
      this.needBreak = true;
      this.writeCode('}', block.lineIndent);
    }
    if (this.frame().kind === 'top') {
      // A top-level `}` ends a declaration.
      this.frame().atItemStart = true;
      this.afterDeclaration = true;
      this.needBreak = true;
    }
  }

  /** A call or list stays on one line if the user wrote it so, or it has no comment and fits. */
  private groupStaysFlat(open: number, close: number): boolean {
    const { tokens } = this;
    const parent = this.frame();
    if (parent.flat) return true;
    if (tokens.hasComment(open, close)) return false;
    // A `,` follows on the same line when the group ends an argument of a broken call.
    const after = tokens.nextCodeAfter(close);
    const suffix = parent.kind === 'group' && tokens.textAt(after) === ',' && !tokens.isTrailingComma(after) ? 1 : 0;
    const limit = this.settings.maxColumns;
    return tokens.onSameSourceLine(open, close) || this.columnFor(tokens.textAt(open)) + tokens.flatColumns(open, close, limit) + suffix <= limit;
  }

  private openGroup(open: number): void {
    const flat = this.groupStaysFlat(open, this.tokens.partner(open));
    this.writeCode(this.tokens.textAt(open));
    this.pushFrame('group', flat, false);
  }

  private closeGroup(close: number): void {
    const group = this.frames.pop() as Frame;
    if (!group.flat) this.needBreak = true;
    this.writeCode(this.tokens.textAt(close), group.flat ? undefined : group.lineIndent);
  }

  /** Opens a construct whose opener was just written; a broken one continues on the next line. */
  private pushFrame(kind: 'block' | 'group', flat: boolean, atItemStart: boolean): void {
    const lineIndent = (this.current as Line).indent;
    this.frames.push({ kind, flat, lineIndent, innerIndent: lineIndent + 1, items: 0, atItemStart });
    if (!flat) this.needBreak = true;
  }
}
