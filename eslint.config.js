import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...['child_process', 'node:child_process'].map((name) => ({
              name,
              message: 'Run programs through Exec (@actions/exec, argument arrays): no shell, ever.',
            })),
            ...['fs/promises', 'node:fs/promises'].map((name) => ({
              name,
              message: 'Use src/common/fs.ts: node:fs/promises costs every start ~1.3 ms (it loads readline).',
            })),
          ],
        },
      ],
    },
  },
)
