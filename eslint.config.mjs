import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

const NO_KNEX = {
  name: 'knex',
  message: 'Every query lives in server/data (a repository); services use the unit of work for transactions.',
}

export default tseslint.config(
  {
    ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-results/**', 'assets/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  // The layers (README "Architecture"): routes → services → data. Only server/data and server/db see knex;
  // routes never call repositories (their row types may be named); data never reaches up.
  {
    files: ['server/**/*.ts'],
    ignores: ['server/data/**', 'server/db/**', 'server/routes/**', 'server/services/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [NO_KNEX] }] },
  },
  {
    files: ['server/routes/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [NO_KNEX],
          patterns: [
            {
              group: ['**/data', '**/data/*', '**/data/**', '**/db/*'],
              allowTypeImports: true,
              message: 'Routes call services; only the data layer runs queries.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [NO_KNEX],
          patterns: [
            { group: ['**/routes', '**/routes/**'], message: 'Services do not know about routes or pages.' },
            { group: ['**/db/*'], message: 'Services reach the database through repositories and the unit of work.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/data/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/services', '**/services/**', '**/routes', '**/routes/**'],
              message: 'The data layer does not import services or routes: move the type down.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', 'assets/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['scripts/**/*.js', 'jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
)
