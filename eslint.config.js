// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noOnly = { selector: "CallExpression[callee.property.name='only']", message: 'No .only in committed tests.' };

/**
 * Messages come from the error catalogue: `arcaError(code, values)` or `arcaError(code, variant, values)`,
 * not `new ArcaError(code, 'prose')`. On for the folders already converted; still to convert:
 * src/services/**, src/storage/blob/**, src/storage/*.ts.
 */
const proseErrorRule = {
  selector: "NewExpression[callee.name='ArcaError'][arguments.1.type=/^(Literal|TemplateLiteral|BinaryExpression)$/]",
  message: "write arcaError('Code', { values }) (or a named variant of the code in src/core/errors.ts), not prose",
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/results/', '.arca/', '.tmp/', 'src/sdk/openapi-types.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', noOnly],
    },
  },
  {
    files: [
      'src/core/**/*.ts',
      'src/http/**/*.ts',
      'src/cli/**/*.ts',
      'src/config/**/*.ts',
      'src/sdk/**/*.ts',
      'src/storage/metadata/**/*.ts',
      'src/recover.ts',
      'src/server.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', noOnly, proseErrorRule] },
  },
  {
    // Tests read JSON bodies of many shapes; `any` there keeps assertions readable.
    files: ['**/*.test.ts', 'src/testing/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/core/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', 'node:fs*', 'node:net', 'node:http'],
              message: 'core is pure: it imports nothing from the project and does no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../*', 'node:fs*', 'node:net', 'node:http'],
              message: 'core is pure: it imports nothing from the project and does no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noOnly,
        {
          selector:
            'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)$/]',
          message: 'services write no SQL: add a repository function under src/storage/metadata/.',
        },
        {
          selector: "MemberExpression[property.name='dialect']",
          message: 'services never see the SQL dialect: dialect differences stay inside src/storage/metadata/.',
        },
        {
          selector: 'MemberExpression[property.name=/^(kysely|db)$/]',
          message:
            'services never see the query builder: hold a Session (MetadataStore.session, or the transaction callback argument) and call repository functions.',
        },
        {
          selector: 'ImportSpecifier[imported.name=/^(queries|sessionOf|Queries)$/]',
          message: 'services never unwrap a Session: queries live in repositories under src/storage/metadata/.',
        },
        {
          selector: "NewExpression[callee.name='ArcaError']",
          message: 'pass values to the catalogue: arcaError(code, values)',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../http/*', '../cli/*', '../sdk/*', '../../http/*', '../../cli/*', '../../sdk/*'],
              message: 'services never import http, cli or sdk.',
            },
            {
              group: ['kysely', 'kysely/*', 'pg', 'better-sqlite3'],
              message: 'services never see the database: queries live in repositories under src/storage/metadata/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The studio speaks HTTP through the client typed by the OpenAPI document, like the CLI.
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', fetch: 'readonly' } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../src/*', '../../../src/*', '!../../src/sdk', '!../../src/sdk/openapi-types'],
              message: 'the studio imports only the SDK types of the server (src/sdk/openapi-types).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/sdk/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../services/*',
                '../storage/*',
                '../../services/*',
                '../../storage/*',
                '../http/*',
                '../../http/*',
              ],
              message: 'cli and sdk speak HTTP only; they never import services, storage or http.',
            },
          ],
        },
      ],
    },
  },
);
