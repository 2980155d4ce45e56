/*
 * The size limits every package's ESLint config adds to Backstage's:
 * small modules with one job, so a file or function past these limits does
 * too much. Tests read as stories of scenarios (a describe block is one
 * function), but a test file past 400 lines tells more than one story.
 */
module.exports = {
  tsRules: {
    'max-lines': ['error', { max: 400 }],
    'max-lines-per-function': ['error', { max: 80 }],
  },
  testRules: {
    'max-lines': ['error', { max: 400 }],
    'max-lines-per-function': 'off',
  },
};
