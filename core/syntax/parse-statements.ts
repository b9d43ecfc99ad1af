import type { TextRange } from '../common/range';
import { parseBlock, type BlockSpec } from './parse-block';
import { parseDelimited } from './parse-delimited';
import { identifierNode, isIntegerNumber, numberNode, parseCall, parseValue } from './parse-values';
import { atStatementEnd, describeToken, isKeyword, isPunct, maxNestingDepth, startsValue, type ParserCursor } from './parser-cursor';
import { skipJunk } from './recovery';
import { type Token, rangeOf } from './token';
import type { Block, ErrorNode, InputStatement, LayerStatement, NumberLiteral, RepeatInputName, RepeatStatement, ResidualStatement, ShapeLiteral, ShortcutClause, Statement } from './tree';

/** What the statements of one model have shown so far, for DL206 and DL207. */
export interface ModelContext {
  firstInput?: InputStatement;
  /** True once a statement other than `input` (or junk) has been read at the model's top level. */
  sawOtherStatement: boolean;
}

const statementKeywords = new Set(['input', 'repeat', 'residual', 'shortcut']);

/** Where a bad statement's skip stops: the statement's end or the start of a keyword statement. */
function atStatementBoundary(cursor: ParserCursor): boolean {
  const token = cursor.peek();
  return atStatementEnd(cursor) || (token.kind === 'keyword' && statementKeywords.has(token.text));
}

/** Reads the statements of a block; `open` is the `{` (current token) or undefined when it is missing. */
export function parseStatementBlock(cursor: ParserCursor, open: Token | undefined, context: ModelContext, nested: boolean): Block<Statement> {
  return parseBlock<Statement>(cursor, open, statementBlockSpec(cursor, context, nested));
}

function statementBlockSpec(cursor: ParserCursor, context: ModelContext, nested: boolean): BlockSpec<Statement> {
  return {
    kind: 'statement',
    entryName: 'statement',
    parseEntry: () => parseStatement(cursor, context, nested),
    startsEntry: () => startsStatement(cursor),
  };
}

/** True when the current token clearly begins a statement: `input`, `repeat`, `residual`, `name(` or `name =`. */
export function startsStatement(cursor: ParserCursor, ahead = 0): boolean {
  const token = cursor.peek(ahead);
  if (token.kind === 'keyword') return token.text === 'input' || token.text === 'repeat' || token.text === 'residual';
  const next = cursor.peek(ahead + 1);
  return token.kind === 'identifier' && (isPunct(next, '(') || isPunct(next, '='));
}

/**
 * The `{ … }` after `repeat N`, `residual` or `shortcut`; the `{` may be on the next line. When
 * it is missing (DL214) but the next lines are indented deeper than the owning statement, they
 * are read as its body, ending where the indentation returns (see `parseBlock`): the layout
 * shows what the braces would have said. Otherwise the body is absent and the following lines
 * are ordinary statements of the enclosing block.
 */
function expectStatementBlock(cursor: ParserCursor, owner: string, ownerRange: TextRange, ownerIndent: number, context: ModelContext): Block<Statement> | undefined {
  const newlines = cursor.newlinesAhead();
  const brace = cursor.peek(newlines);
  if (isPunct(brace, '{')) {
    cursor.skipNewlines();
    return parseStatementBlock(cursor, brace, context, true);
  }
  const found = cursor.peek();
  const at = found.kind === 'newline' || found.kind === 'eof' ? ownerRange : rangeOf(found);
  cursor.report('DL214', at, `Expected '{' after '${owner}' — found ${describeToken(found)}; add a block: ${owner} { … }`);
  const indentedBody = newlines > 0 && startsStatement(cursor, newlines) && cursor.columnAfterNewline(newlines) > ownerIndent;
  if (!indentedBody || cursor.depth + 1 > maxNestingDepth) return undefined;
  cursor.skipNewlines();
  return parseBlock<Statement>(cursor, undefined, statementBlockSpec(cursor, context, true), ownerIndent);
}

/** One statement at the current token (not a newline, `;`, `}`, declaration or end). */
function parseStatement(cursor: ParserCursor, context: ModelContext, nested: boolean): Statement {
  const token = cursor.peek();
  if (token.kind === 'identifier') {
    if (!nested) context.sawOtherStatement = true;
    return parseLayer(cursor);
  }
  if (token.kind === 'keyword') {
    switch (token.text) {
      case 'input':
        return parseInput(cursor, context, nested);
      case 'repeat':
        if (!nested) context.sawOtherStatement = true;
        return parseRepeat(cursor, context);
      case 'residual':
        if (!nested) context.sawOtherStatement = true;
        return parseResidual(cursor, context);
      case 'shortcut':
        return parseOrphanShortcut(cursor, context);
    }
  }
  cursor.report(
    'DL209',
    rangeOf(token),
    `Expected a statement (a layer such as dense(16), input, repeat or residual) — found ${describeToken(token)}; remove it`,
  );
  const next = cursor.peek(1);
  if (isPunct(token, '{') && (next.kind === 'newline' || next.kind === 'eof')) {
    // A stray '{' ending its line (an extra one, or one left by a deleted keyword): skipping its
    // whole group would swallow the block's own '}' and everything before it.
    cursor.advance();
    return errorNode(rangeOf(token));
  }
  return errorNode(skipJunk(cursor, () => atStatementBoundary(cursor)).range);
}

function errorNode(range: TextRange): ErrorNode {
  return { kind: 'Error', range };
}

/** `[name =] call(...)`; the current token is an identifier. */
function parseLayer(cursor: ParserCursor): LayerStatement {
  const first = cursor.peek();
  if (!isPunct(cursor.peek(1), '=')) {
    const call = parseCall(cursor);
    return { kind: 'Layer', range: cursor.rangeFromReusing(first.start, call.range), call };
  }
  cursor.advance();
  cursor.advance();
  const name = identifierNode(first);
  const next = cursor.peek();
  if (next.kind !== 'identifier') {
    cursor.report('DL204', cursor.foundRange(next), `Expected a layer call after '${first.text} =' — found ${describeToken(next)}; write e.g. ${first.text} = dense(16)`);
    return { kind: 'Layer', range: cursor.rangeFrom(first.start), name };
  }
  const call = parseCall(cursor);
  return { kind: 'Layer', range: cursor.rangeFrom(first.start), name, call };
}

/** `input [d, …]`, with the model-level checks DL206 (duplicate) and DL207 (not first). */
function parseInput(cursor: ParserCursor, context: ModelContext, nested: boolean): InputStatement {
  const keyword = cursor.advance();
  const open = cursor.peek();
  let shape: ShapeLiteral | undefined;
  if (isPunct(open, '[')) {
    shape = parseShape(cursor);
  } else {
    const hint = open.kind === 'number' ? `input [${open.text}]` : 'input [3, 32, 32]';
    const at = open.kind === 'newline' || open.kind === 'eof' ? rangeOf(keyword) : rangeOf(open);
    cursor.report('DL216', at, `Expected a shape after 'input' — found ${describeToken(open)}; write the shape in brackets, as in ${hint}`);
  }
  const input: InputStatement = { kind: 'Input', range: cursor.rangeFrom(keyword.start), keyword: rangeOf(keyword), ...(shape ? { shape } : {}) };
  if (context.firstInput !== undefined) {
    cursor.report('DL206', input.range, `Duplicate 'input' — a model has exactly one input; remove this one`, {
      related: [{ range: context.firstInput.range, message: 'the first input is here' }],
    });
  } else if (nested || context.sawOtherStatement) {
    cursor.report('DL207', input.range, `'input' must be the first statement of the model — move it to the top of the model's block`);
  }
  context.firstInput ??= input;
  return input;
}

/**
 * `[d, …]`, every dimension an integer literal. A shape with a bad dimension (DL217) or none at
 * all (DL216) is left out of the tree, so later phases do not infer shapes from a half-read input.
 */
function parseShape(cursor: ParserCursor): ShapeLiteral | undefined {
  const start = cursor.peek().start;
  let valid = true;
  const { items } = parseDelimited<NumberLiteral | undefined>(cursor, {
    closer: ']',
    code: 'DL202',
    what: 'the shape',
    canStartItem: startsValue,
    parseItem: () => {
      const token = cursor.peek();
      if (isIntegerNumber(token)) return numberNode(cursor.advance());
      const value = parseValue(cursor);
      valid = false;
      cursor.report('DL217', value.range, `Expected an integer dimension — found ${describeToken(token)}; shapes list whole numbers, as in [3, 32, 32]`);
      return undefined;
    },
  });
  const range = cursor.rangeFrom(start);
  if (items.length === 0) {
    cursor.report('DL216', range, `Expected a shape with at least one dimension — found an empty shape; write e.g. [2] or [3, 32, 32]`);
    return undefined;
  }
  if (!valid) return undefined;
  return { kind: 'Shape', range, dims: items as NumberLiteral[] };
}

/** `repeat N { … }`; a count that is not an integer literal is reported (DL217) and left out. */
function parseRepeat(cursor: ParserCursor, context: ModelContext): RepeatStatement {
  const indent = cursor.currentLineIndent();
  const keyword = cursor.advance();
  const token = cursor.peek();
  let count: NumberLiteral | undefined;
  if (isIntegerNumber(token)) {
    count = numberNode(cursor.advance());
  } else {
    const at = token.kind === 'newline' || token.kind === 'eof' ? rangeOf(keyword) : rangeOf(token);
    cursor.report('DL217', at, `Expected a whole number of copies after 'repeat' — found ${describeToken(token)}; write e.g. repeat 2 { … }`);
    // Step over a wrong count on this line (`repeat 2.5 {`, `repeat n {`) so the block is still read.
    if (!isPunct(token, '{') && !atStatementEnd(cursor) && (token.kind !== 'punctuation' || isPunct(token, '['))) {
      if (startsValue(token)) parseValue(cursor);
      else cursor.advance();
    }
  }
  const as = parseRepeatInputName(cursor);
  const owner = count ? `repeat ${count.text}` : 'repeat';
  const body = expectStatementBlock(cursor, owner, cursor.rangeFrom(keyword.start), indent, context);
  return { kind: 'Repeat', range: cursor.rangeFrom(keyword.start), keyword: rangeOf(keyword), ...(count ? { count } : {}), ...(as ? { as } : {}), ...(body ? { body } : {}) };
}

/**
 * `as x` after a repeat's count (`as` is a word only there, not a keyword: a layer may still be
 * named `as`). A missing or keyword name is DL212; a keyword in its place is stepped over.
 */
function parseRepeatInputName(cursor: ParserCursor): RepeatInputName | undefined {
  const token = cursor.peek();
  if (token.kind !== 'identifier' || token.text !== 'as') return undefined;
  const keyword = rangeOf(cursor.advance());
  const next = cursor.peek();
  if (next.kind === 'identifier') return { keyword, name: identifierNode(cursor.advance()) };
  const what = next.kind === 'keyword' ? ' (a keyword, which cannot be a name)' : '';
  cursor.report('DL212', cursor.foundRange(next), `Expected a name after 'as' — found ${describeToken(next)}${what}; write e.g. repeat 6 as x { … } to call each copy's input x`);
  if (next.kind === 'keyword' || next.kind === 'number' || next.kind === 'string') cursor.advance();
  return { keyword };
}

/** `residual { … } [shortcut { … }]`; `shortcut` may start the next line. */
function parseResidual(cursor: ParserCursor, context: ModelContext): ResidualStatement {
  const indent = cursor.currentLineIndent();
  const keyword = cursor.advance();
  const body = expectStatementBlock(cursor, 'residual', rangeOf(keyword), indent, context);
  let shortcut: ShortcutClause | undefined;
  const newlines = cursor.newlinesAhead();
  if (isKeyword(cursor.peek(newlines), 'shortcut')) {
    cursor.skipNewlines();
    shortcut = parseShortcut(cursor, context);
  }
  return { kind: 'Residual', range: cursor.rangeFrom(keyword.start), keyword: rangeOf(keyword), ...(body ? { body } : {}), ...(shortcut ? { shortcut } : {}) };
}

/** `shortcut { … }`; the current token is `shortcut`. */
function parseShortcut(cursor: ParserCursor, context: ModelContext): ShortcutClause {
  const indent = cursor.currentLineIndent();
  const keyword = cursor.advance();
  const body = expectStatementBlock(cursor, 'shortcut', rangeOf(keyword), indent, context);
  return { kind: 'Shortcut', range: cursor.rangeFrom(keyword.start), keyword: rangeOf(keyword), ...(body ? { body } : {}) };
}

/** A `shortcut` with no residual just before it: DL215; its block is still read (for its own errors) and kept as an error node. */
function parseOrphanShortcut(cursor: ParserCursor, context: ModelContext): ErrorNode {
  const token = cursor.peek();
  cursor.report('DL215', rangeOf(token), `'shortcut' without a 'residual' just before it — write residual { … } shortcut { … }, or remove this shortcut`);
  const clause = parseShortcut(cursor, context);
  return errorNode(clause.range);
}
