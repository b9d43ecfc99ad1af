// ESLint flat config. Besides the recommended rules it enforces the layering of ARCHITECTURE.md:
// core/ is pure (no editor, no Node), protocol/ is shared by every side, webview/ never reaches into the host.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const editorAndNode = [
  { group: ['vscode', 'vscode-*', '@vscode/*'], message: 'core/ must not depend on VS Code or its libraries.' },
  { group: ['node:*'], message: 'core/ must not depend on Node: inject what it needs (see core/analysis/file-access.ts).' },
];
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'zlib', 'crypto', 'stream', 'util', 'url', 'http', 'https', 'net'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins.map((name) => ({ name, message: 'core/ must not depend on Node.' })), patterns: editorAndNode }],
    },
  },
  {
    files: ['protocol/**/*.ts', 'webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['vscode', 'node:*'], message: 'protocol/ and webview/ run in every context; no VS Code or Node here.' },
        { group: ['**/extension/**', '**/server/**'], message: 'webview/ and protocol/ never import from the host.' },
      ] }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'test/e2e/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
);
