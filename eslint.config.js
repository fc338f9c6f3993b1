// ESLint: code rules (typescript-eslint, react-hooks), the layer table of docs/architecture.md and no import
// cycles. Formatting is Prettier's (`npm run format`); type errors are tsc's (`npm run typecheck`).
// `npm run check` runs all three. The layer table is eslint/layers.js (test/lint lints a wrong import against it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import { layerConfigs, NODE_FREE } from './eslint/layers.js';
import sessionscope from './eslint/plugin.js';

const JS = ['**/*.js', '**/*.mjs', '**/*.cjs'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist.next-*/**',
      'dist.old-*/**',
      'node_modules/**',
      'bench/out/**',
      'test-results/**',
      'playwright-report/**',
      'demo/**',
      'tmp/**',
      '**/fixtures/**',
      'samples/evidence/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    plugins: { 'import-x': importX, sessionscope },
    settings: {
      // Module info for no-cycle: parse .ts/.tsx with typescript-eslint's parser (import-x reads .js only by default).
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true, project: ['tsconfig.json'] })],
    },
    rules: {
      // Comments and code wrap at 120 (Prettier's width); a string, template or URL that is longer stays whole,
      // so messages and SQL stay greppable.
      'max-len': [
        'error',
        {
          code: 120,
          tabWidth: 2,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
          ignorePattern: '// (eslint-disable|eng-disable)', // a directive and its reason stay on one line
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Non-null assertions mark places where the engine's own invariants (a case is open, a row exists) hold.
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off', // sanitizers and parsers match control characters on purpose
      'prefer-const': ['error', { destructuring: 'all' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'sessionscope/disable-needs-reason': 'error',
      // Static import cycles are errors. A lazy import() may close a loop (a format's descriptor loads its importer
      // on first use, and the importer reads its descriptor); a lazy import up the layers is the layer rule's.
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
    },
  },
  ...layerConfigs(),
  {
    // A test sits beside what it tests and may import anything, wherever it lives; so does a format's bench
    // generator (importers/<id>/generator.ts), which is bench code kept in the format's folder.
    files: ['**/*.test.ts', '**/*.spec.ts', 'importers/*/generator.ts'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  {
    // Code that must run in a browser (or a sandboxed preload): no Node built-ins.
    files: NODE_FREE,
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Effects that load data go through useAsync, the one stale-answer guard (tested in test/renderer): a
      // hand-written `let live = true … return () => { live = false }` is refused wherever it is written.
      'no-restricted-syntax': [
        'error',
        ...['callee.name', 'callee.property.name'].map((callee) => ({
          selector: `CallExpression[${callee}=/^use(Layout)?Effect$/] > :function > BlockStatement > VariableDeclaration[kind="let"] > VariableDeclarator[init.type="Literal"][init.raw=/^(true|false)$/]`,
          message:
            'A hand-written stale-answer guard in an effect: load with useAsync (renderer/src/lib/use-async.ts), which drops answers for old inputs and unmounted views.',
        })),
      ],
      // The layer rule lets the renderer reach the API contract; this keeps it to its types (nothing of the engine
      // is bundled into the page).
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/api/contract', '**/core/api/contract.js'],
              allowTypeImports: true,
              message: 'The renderer takes only types from the API contract: `import type`.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Tests read parsed JSON (exports, API answers) field by field, as JSON.parse hands it over.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Page scripts that Playwright runs in the browser.
    files: ['bench/ui.mjs', 'bench/graph.mjs', 'test/e2e/probe.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: JS,
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
