import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', 'data/', 'dist/', 'coverage/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Workflow code is replayed in Temporal's sandbox: no Node built-ins, no I/O.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'workflow code must not use Node built-ins' })),
          patterns: [
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'workflows use @temporalio/workflow only',
            },
            {
              group: ['**/activities/**'],
              allowTypeImports: true,
              message: 'import activities by type only',
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Machines and the domain are pure: no I/O, no clock, no Temporal.
    files: ['machines/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'machines and domain are pure' })),
          patterns: [{ group: ['@temporalio/*'], message: 'machines and domain do not know about Temporal' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'no clock in a machine: time comes from the workflow' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'no randomness in a machine' },
      ],
    },
  },
);
