// Lint encodes the architecture: no floating promises anywhere, and workflows/ stays deterministic.
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '*.js'] },
  {
    // The web console's .tsx too, through its own tsconfig (apps/web/tsconfig.json, found by the project service).
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
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
            { group: ['../activities', '../activities/*'], allowTypeImports: true, message: 'Workflows import only types from activities.' },
            { group: ['node:*', 'fs', 'net', 'http', 'child_process', 'crypto'], message: 'No Node built-ins in workflow code.' },
            { group: ['typeorm', 'pg', '@nestjs/*', 'ari-client', '../libs/db/*', '../libs/telephony/*'], message: 'No I/O libraries in workflow code.' },
          ],
        },
      ],
    },
  },
);
