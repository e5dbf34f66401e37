import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/**', '.test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The interpreter loop uses fallthrough-free switches and labelled loops on purpose.
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-fallthrough': 'error',
    },
  },
  {
    // The layering rule of DESIGN.md: runtime/ never reaches up into protocol or editor code.
    files: ['runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', '@vscode/*', 'vscode-*'], message: 'runtime/ must not depend on VS Code or DAP packages' },
          { group: ['**/debug-adapter/**', '**/extension/**', '**/cli/**'], message: 'runtime/ must not import the layers above it' },
        ],
      }],
    },
  },
  {
    files: ['debug-adapter/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'the adapter runs outside VS Code too; only extension/ imports vscode' }],
        patterns: [{ group: ['**/extension/**'], message: 'debug-adapter/ must not import extension/' }],
      }],
    },
  },
  {
    // DESIGN.md: the language server's analysis imports runtime/text, runtime/valid and
    // runtime/syntax, and no protocol, so it can be reused (tests, CLI) without LSP.
    files: ['language-server/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', '@vscode/*', 'vscode-*'], message: 'language-server/analysis/ is protocol-free: no VS Code or LSP packages' },
          { group: ['**/language-server/*.js', '../*.js', '**/debug-adapter/**', '**/extension/**', '**/cli/**'], message: 'the analysis must not import the server or the layers above it' },
          { group: ['**/runtime/exec/**', '**/runtime/threads/**', '**/runtime/host/**', '**/runtime/script/runner*'], message: 'the analysis uses only runtime/text, runtime/valid and runtime/syntax' },
        ],
      }],
    },
  },
);
