// Loads syntaxes/dlmodel.tmLanguage.json into vscode-textmate (with the Oniguruma regex engine VS
// Code itself uses) and turns a text into scoped tokens, so tests see exactly the scopes an editor
// theme would see.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createOnigScanner, createOnigString, loadWASM } from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type StateStack } from 'vscode-textmate';
import { fromRoot } from '../helpers/paths';

/** The grammar's root scope; it is on every token, so dumps and assertions leave it out. */
export const rootScope = 'source.dlmodel';

/** The grammar file under test. */
export const grammarPath = fromRoot('syntaxes/dlmodel.tmLanguage.json');

/** The folder of grammar fixtures (`NAME.dlmodel` with its `NAME.scopes.txt` snapshot). */
export const grammarFixtures = fromRoot('test/fixtures/grammar');

/** One token: 1-based line and column, its text, and its scopes from outermost to innermost without the root. */
export interface ScopedToken {
  readonly line: number;
  readonly column: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

let grammarPromise: Promise<IGrammar> | undefined;

async function createGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(fromRoot('node_modules/vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
    loadGrammar: (scopeName) => Promise.resolve(scopeName === rootScope ? parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null),
  });
  const grammar = await registry.loadGrammar(rootScope);
  if (grammar === null) throw new Error(`vscode-textmate could not load ${grammarPath}`);
  return grammar;
}

/** The compiled grammar, loaded once per test process (the WASM engine can be loaded only once). */
export function loadGrammar(): Promise<IGrammar> {
  grammarPromise ??= createGrammar();
  return grammarPromise;
}

/**
 * Tokenizes a whole text line by line, as the editor does, carrying the rule stack from one line
 * to the next. Empty tokens are dropped.
 */
export function tokenize(grammar: IGrammar, text: string): ScopedToken[] {
  const tokens: ScopedToken[] = [];
  let state: StateStack = INITIAL;
  text.split(/\r?\n/).forEach((lineText, index) => {
    const result = grammar.tokenizeLine(lineText, state);
    state = result.ruleStack;
    for (const token of result.tokens) {
      const tokenText = lineText.slice(token.startIndex, token.endIndex);
      if (tokenText === '') continue;
      const [root, ...scopes] = token.scopes;
      if (root !== rootScope) throw new Error(`line ${index + 1}: a token outside the root scope: ${token.scopes.join(' ')}`);
      tokens.push({ line: index + 1, column: token.startIndex + 1, text: tokenText, scopes });
    }
  });
  return tokens;
}

/** True for blanks that carry no scope of their own (only the `meta.*` of the region around them). */
function isPlainBlank(token: ScopedToken): boolean {
  return token.text.trim() === '' && token.scopes.every((scope) => scope.startsWith('meta.'));
}

/** One line per token, `line:col 'text' scope1 scope2…`; blanks between tokens are left out. */
export function formatToken(token: ScopedToken): string {
  return `${token.line}:${token.column} '${token.text}' ${token.scopes.join(' ')}`.trimEnd();
}

/** The readable snapshot of a text's tokens. */
export function formatTokens(tokens: readonly ScopedToken[]): string {
  return tokens
    .filter((token) => !isPlainBlank(token))
    .map((token) => `${formatToken(token)}\n`)
    .join('');
}

/** The token that covers a 0-based offset of the text (the text must be the one tokenized). */
export function tokenAtOffset(tokens: readonly ScopedToken[], text: string, offset: number): ScopedToken {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  const found = tokens.find((token) => token.line === line && token.column <= column && column < token.column + token.text.length);
  if (found === undefined) throw new Error(`no token at ${line}:${column}`);
  return found;
}

function collectModelFiles(folder: string, found: string[]): string[] {
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) collectModelFiles(path, found);
    else if (entry.endsWith('.dlmodel')) found.push(path);
  }
  return found;
}

/** Every .dlmodel file under examples/ and test/fixtures/ (valid and broken ones), as absolute paths. */
export function repositoryModelFiles(): string[] {
  const files = collectModelFiles(fromRoot('test/fixtures'), collectModelFiles(fromRoot('examples'), []));
  if (files.length < 20) throw new Error(`only ${files.length} .dlmodel files found under examples/ and test/fixtures/`);
  return files;
}
