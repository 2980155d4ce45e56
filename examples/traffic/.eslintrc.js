module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Small modules with one job: a file or function past these limits does too much.
  tsRules: {
    'max-lines': ['error', { max: 400 }],
    'max-lines-per-function': ['error', { max: 80 }],
  },
  // Tests read as stories of scenarios (a describe block is one function),
  // but a test file past 400 lines tells more than one story.
  testRules: {
    'max-lines': ['error', { max: 400 }],
    'max-lines-per-function': 'off',
  },
});
