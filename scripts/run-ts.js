#!/usr/bin/env node
/* Runs a TypeScript file with the Backstage CLI's Node transform: node scripts/run-ts.js file.ts [args] */
const { spawnSync } = require('child_process');

const [file, ...args] = process.argv.slice(2);
const result = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    '--require',
    require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    file,
    ...args,
  ],
  {
    stdio: 'inherit',
    env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', ...process.env },
  },
);
process.exit(result.status ?? 1);
