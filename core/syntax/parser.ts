import type { Diagnostic } from '../common/diagnostic';
import { DiagnosticSink } from '../common/diagnostic-sink';
import { range } from '../common/range';
import { editDistance } from '../common/suggest';
import { lexTokens } from './lexer';
import { mergeDiagnostics } from './merge-diagnostics';
import { parseStatementBlock, type ModelContext } from './parse-statements';
import { parseTrainBlock, startsTrainEntry } from './parse-train';
import { identifierNode } from './parse-values';
import { atDeclarationStart, describeToken, isPunct, ParserCursor, type ParserStats } from './parser-cursor';
import { skipJunk } from './recovery';
import { type Token, rangeOf } from './token';
import { TokenCode, type TokenList } from './token-list';
import type { Comment, ErrorNode, Identifier, ModelDeclaration, SourceFile, TopLevel, TrainDeclaration } from './tree';

/**
 * The tree, every lexical and syntax diagnostic in source order, and the tokens: every token but
 * whitespace (code, newlines, comments, junk). `lex` gives all of them, whitespace included; the
 * parse drops whitespace because it is a third of a file's tokens and nothing reads it.
 */
export interface ParseResult {
  readonly file: SourceFile;
  readonly diagnostics: Diagnostic[];
  readonly tokens: TokenList;
}

/** Parses a .dlmodel text. Never throws: any input gives a tree (possibly with error nodes) and diagnostics. */
export function parse(text: string): ParseResult {
  const { stats: _stats, ...result } = parseWithStats(text);
  return result;
}

/** `parse`, plus whether the step guard fired (for tests: it never should). */
export function parseWithStats(text: string): ParseResult & { readonly stats: ParserStats } {
  const lexical = new DiagnosticSink();
  const tokens = lexTokens(text, lexical, false);
  const cursor = new ParserCursor(text, tokens, new DiagnosticSink());
  const items: TopLevel[] = [];
  for (;;) {
    const token = cursor.peek();
    if (token.kind === 'eof') break;
    cursor.startStatement();
    if (token.kind === 'newline') cursor.advance();
    else if (atDeclarationStart(cursor)) items.push(token.text === 'model' ? parseModel(cursor) : parseTrain(cursor));
    else items.push(parseTopLevelJunk(cursor));
  }
  const comments: Comment[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens.code(i) === TokenCode.comment) comments.push({ range: range(tokens.start(i), tokens.end(i)), text: text.slice(tokens.start(i) + 1, tokens.end(i)) });
  }
  const file: SourceFile = { kind: 'File', range: range(0, text.length), items, comments };
  // A parser complaint at the spot of a lexical one (say, "expected a value" at an unexpected
  // character) is dropped there as a duplicate.
  const diagnostics = mergeDiagnostics(lexical.diagnostics, cursor.sink.diagnostics, cursor.junk);
  return { file, diagnostics, tokens, stats: cursor.stats };
}

/** Anything at the top level other than a declaration: DL205, then skip to the next `model` or `train`. */
function parseTopLevelJunk(cursor: ParserCursor): ErrorNode {
  const token = cursor.peek();
  const word = token.kind === 'identifier' && token.text.length <= 8 ? token.text.toLowerCase() : '';
  const guess = ['model', 'train'].find((keyword) => word !== '' && editDistance(word, keyword) <= 2);
  const fix = guess !== undefined ? `did you mean '${guess}'?` : 'a file holds only model and train declarations';
  cursor.report('DL205', rangeOf(token), `Expected 'model' or 'train' at the top level — found ${describeToken(token)}; ${fix}`);
  return { kind: 'Error', range: skipJunk(cursor, () => false).range };
}

/**
 * The name after `model` or `train`: an identifier, else DL212. A stray keyword, number or string
 * in the name's place is consumed so the `{` after it is still found.
 */
function parseDeclarationName(cursor: ParserCursor, owner: string, optional: boolean): Identifier | undefined {
  // Newlines do not end anything at the top level, so the name may follow on the next line. An
  // optional name (train) must then show its '{', or it would be the first key of a body missing its '{'.
  const newlines = cursor.newlinesAhead();
  if (newlines > 0 && cursor.peek(newlines).kind === 'identifier') {
    const afterName = newlines + 1 + cursor.newlinesAhead(newlines + 1);
    if (!optional || isPunct(cursor.peek(afterName), '{')) cursor.skipNewlines();
  }
  const token = cursor.peek();
  if (token.kind === 'identifier') return identifierNode(cursor.advance());
  if (optional && (isPunct(token, '{') || token.kind === 'newline' || token.kind === 'eof')) return undefined;
  const example = owner === 'model' ? 'model Classifier { … }' : 'train quick { … }';
  const what = token.kind === 'keyword' ? ` (a keyword, which cannot be a name)` : '';
  cursor.report('DL212', cursor.foundRange(token), `Expected a name after '${owner}' — found ${describeToken(token)}${what}; write e.g. ${example}`);
  const strayName = token.kind === 'number' || token.kind === 'string' || (token.kind === 'keyword' && !atDeclarationStart(cursor));
  if (strayName) cursor.advance();
  return undefined;
}

/**
 * The `{` of a declaration, possibly on a later line. When it is missing (DL214) but the next
 * line starts like the block's content, the content is still read as the body, so the rest of the
 * declaration keeps working; otherwise the body is absent.
 */
function findDeclarationBrace(cursor: ParserCursor, owner: string, ownerStart: number, startsContent: (ahead: number) => boolean): { brace?: Token; implicit: boolean } {
  const newlines = cursor.newlinesAhead();
  const brace = cursor.peek(newlines);
  if (isPunct(brace, '{')) {
    cursor.skipNewlines();
    return { brace, implicit: false };
  }
  const found = cursor.peek();
  const at = found.kind === 'newline' || found.kind === 'eof' ? cursor.rangeFrom(ownerStart) : rangeOf(found);
  cursor.report('DL214', at, `Expected '{' after '${owner}' — found ${describeToken(found)}; add '{' here and '}' after the last line`);
  if (brace.kind === 'eof' || !startsContent(newlines)) return { implicit: false };
  cursor.skipNewlines();
  return { implicit: true };
}

/** `model Name { statements }`, with DL208 when the body has no `input`. */
function parseModel(cursor: ParserCursor): ModelDeclaration {
  const keyword = cursor.advance();
  const name = parseDeclarationName(cursor, 'model', false);
  const owner = name ? `model ${name.text}` : 'model';
  const { brace, implicit } = findDeclarationBrace(cursor, owner, keyword.start, (ahead) => {
    const token = cursor.peek(ahead);
    return token.kind === 'identifier' || (token.kind === 'keyword' && ['input', 'repeat', 'residual'].includes(token.text));
  });
  const context: ModelContext = { sawOtherStatement: false };
  const body = brace !== undefined || implicit ? parseStatementBlock(cursor, brace, context, false) : undefined;
  if (body !== undefined && context.firstInput === undefined) {
    const label = name ? `Model '${name.text}'` : 'This model';
    cursor.report('DL208', name?.range ?? rangeOf(keyword), `${label} has no 'input' — add its input shape as the first statement, e.g. input [2]`);
  }
  return { kind: 'Model', range: cursor.rangeFrom(keyword.start), keyword: rangeOf(keyword), ...(name ? { name } : {}), ...(body ? { body } : {}) };
}

/** `train [Name] { key: value … }`. */
function parseTrain(cursor: ParserCursor): TrainDeclaration {
  const keyword = cursor.advance();
  const name = parseDeclarationName(cursor, 'train', true);
  const owner = name ? `train ${name.text}` : 'train';
  const { brace, implicit } = findDeclarationBrace(cursor, owner, keyword.start, (ahead) => startsTrainEntry(cursor, ahead));
  const body = brace !== undefined || implicit ? parseTrainBlock(cursor, brace) : undefined;
  return { kind: 'Train', range: cursor.rangeFrom(keyword.start), keyword: rangeOf(keyword), ...(name ? { name } : {}), ...(body ? { body } : {}) };
}
