// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '**/dist/',
      'target/',
      '**/.now/',
      'coverage/',
      'servicenow/.build-check-*/',
      'servicenow/src/fluent/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Code that ships inside the ServiceNow app: no Node or browser host APIs (the now-sdk
    // build rejects them too, but only at build time and pointing at emitted JS).
    files: ['servicenow/src/server/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'process',
          'Buffer',
          'setTimeout',
          'setInterval',
          'setImmediate',
          'globalThis',
          'window',
          'self',
          'document',
          'require',
          '__dirname',
        ].map((name) => ({ name, message: 'not available in ServiceNow server-side JavaScript' })),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'path',
                'os',
                'crypto',
                'http',
                'https',
                'url',
                'util',
                'stream',
              ],
              message: 'no Node modules in ServiceNow server code',
            },
          ],
        },
      ],
    },
  },
);
