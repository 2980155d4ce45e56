module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  ...require('../../eslint.sizeLimits'),
  // Benchmarks are scripts outside src: one file each, read top to bottom.
  overrides: [{ files: ['bench/**'], rules: { 'max-lines': 'off' } }],
});
