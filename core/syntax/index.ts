// The public face of core/syntax: decoding, lexing, parsing, walking and dumping .dlmodel text.
// Everything else in this folder is an implementation detail.
export { decodeSource, type DecodedSource } from './decode';
export { lex, type LexResult } from './lexer';
export { parse, type ParseResult } from './parser';
export { forEachChild, nodePathAt, childrenOf } from './walk';
export { dumpTree } from './dump';
export { keywords, type Token, type TokenKind } from './token';
export { TokenCode, type TokenList } from './token-list';
export type * from './tree';
