// On every file the parser reads without a diagnostic, the grammar gives each name the role the
// syntax tree gives it: model and train names, train keys, layer names, callees and argument names.
// (On broken text the two may guess differently; the grammar then only promises to stay local.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { childrenOf, parse, type SyntaxNode } from '../../core/syntax';
import { formatToken, loadGrammar, repositoryModelFiles, tokenAtOffset, tokenize } from './grammar-helpers';

/** A name in the tree and the scope the grammar must give it. */
interface NameRole {
  readonly start: number;
  readonly text: string;
  readonly scope: string;
}

function collectRoles(node: SyntaxNode, roles: NameRole[]): NameRole[] {
  const add = (name: { range: { start: number }; text: string } | undefined, scope: string): void => {
    if (name !== undefined) roles.push({ start: name.range.start, text: name.text, scope });
  };
  switch (node.kind) {
    case 'Model':
      add(node.name, 'entity.name.type.model.dlmodel');
      break;
    case 'Train':
      add(node.name, 'entity.name.function.train.dlmodel');
      break;
    case 'TrainEntry':
      add(node.key, 'support.type.property-name.train.dlmodel');
      break;
    case 'Layer':
      add(node.name, 'variable.other.definition.dlmodel');
      break;
    case 'Call':
      add(node.callee, 'support.function.dlmodel');
      break;
    case 'Argument':
      add(node.name, 'variable.parameter.dlmodel');
      break;
    case 'Name':
      // `input` as a value (`from: input`): the model's input, coloured apart from other names.
      if (node.text === 'input') add(node, 'variable.language.input.dlmodel');
      break;
    case 'Repeat':
      add(node.as?.name, 'variable.other.definition.dlmodel');
      break;
    case 'Boolean':
    case 'Error':
    case 'File':
    case 'Identifier':
    case 'Input':
    case 'List':
    case 'Number':
    case 'Residual':
    case 'Shape':
    case 'Shortcut':
    case 'String':
      break;
  }
  for (const child of childrenOf(node)) collectRoles(child, roles);
  return roles;
}

test('on every file that parses cleanly the grammar agrees with the syntax tree on the role of each name', async () => {
  const grammar = await loadGrammar();
  let checkedFiles = 0;
  for (const file of repositoryModelFiles()) {
    const text = readFileSync(file, 'utf8');
    const parsed = parse(text);
    if (parsed.diagnostics.length > 0) continue;
    checkedFiles++;
    const tokens = tokenize(grammar, text);
    const problems: string[] = [];
    for (const role of collectRoles(parsed.file, [])) {
      const token = tokenAtOffset(tokens, text, role.start);
      if (token.text !== role.text || !token.scopes.includes(role.scope)) problems.push(`${role.text} should be ${role.scope}: ${formatToken(token)}`);
    }
    assert.deepEqual(problems, [], file);
  }
  assert.ok(checkedFiles >= 15, `only ${checkedFiles} files parse cleanly`);
});
