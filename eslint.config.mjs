import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * The layers, bottom to top (README "Layers"): a folder may import the folders it lists, and a folder it
 * lists under `types` by `import type` only; an import of any other folder of ours is an arrow pointing up
 * (or sideways) and fails lint. `app/` (the composition root), `test/`, `bench/` and `scripts/` may import
 * everything.
 */
const LAYERS = {
  domain: { may: [] },
  machines: { may: ['domain'] },
  stores: { may: ['domain'] },
  workflows: { may: ['machines', 'domain'], types: ['activities'] },
  activities: { may: ['stores', 'machines', 'domain'] },
  client: { may: ['workflows', 'machines', 'domain'], types: ['activities', 'stores'] },
  services: { may: ['client', 'activities', 'stores', 'workflows', 'machines', 'domain'] },
  api: { may: ['services', 'client', 'domain'], types: ['stores'] },
  cli: { may: ['services', 'client', 'domain'], types: ['stores'] },
  web: { may: ['services', 'client', 'domain'], types: ['stores'] },
};
const OURS = [...Object.keys(LAYERS), 'app', 'test', 'bench', 'scripts'];

/** A relative import that reaches the top-level folder `folder` from a file in another one. */
const reaching = (folder) => `^(\\.\\./)+${folder}(/|$)`;

function layerPatterns(layer) {
  const { may, types = [] } = LAYERS[layer];
  const allowed = `${layer}/ may import ${may.length ? may.join(', ') : 'nothing of ours'}${types.length ? `, and types from ${types.join(', ')}` : ''}`;
  return OURS.filter((f) => f !== layer && !may.includes(f)).map((folder) => ({
    regex: reaching(folder),
    ...(types.includes(folder) ? { allowTypeImports: true } : {}),
    message: `an arrow pointing up: ${allowed} (README "Layers")`,
  }));
}

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
            ...layerPatterns('workflows'),
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...['domain', 'machines', 'stores', 'activities', 'client', 'services', 'api', 'cli', 'web'].map(
    (layer) => ({
      files: [`${layer}/**/*.ts`],
      rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: layerPatterns(layer) }] },
    }),
  ),
  {
    // No import cycles, in any folder.
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
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
