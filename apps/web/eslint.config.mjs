import reactHooks from 'eslint-plugin-react-hooks';
import root from '../../eslint.config.mjs';

// The repository's rules, plus the rules of hooks (and the React Compiler checks) for the client.
export default [
  ...root,
  { ignores: ['dist/**', 'sw/**'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
];
