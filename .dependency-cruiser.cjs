// Import rules of the Trellis packages; `npm run check:imports` applies them.
//
// The backend plugin is cut by feature, in layers: a feature may import the
// ones below it, never one above. The wiring (plugin.ts, router.ts,
// config.ts, stores.ts, index.ts) sits on top and may import any of them.
const BACKEND = '^plugins/microapps-backend/src/';
const LAYERS = [
  'shared',
  'audit',
  'registry',
  'governance',
  'badges',
  'marketplace',
  'telemetry',
  'incidents',
  'policies',
];
const WIRING = '(plugin|router|config|stores|index)\\.ts$';
// Tests and test helpers may reach across layers to set a scene up.
const TESTS = '(\\.test\\.ts$|/__testUtils__/)';

const layerRules = LAYERS.map((layer, index) => ({
  name: `backend-${layer}-imports-only-lower-layers`,
  comment: `${layer}/ may import ${
    LAYERS.slice(0, index).join(', ') || 'no other feature'
  }; the features above it and the wiring build on it instead.`,
  severity: 'error',
  from: { path: `${BACKEND}${layer}/`, pathNot: TESTS },
  to: {
    path: `${BACKEND}(${[...LAYERS.slice(index + 1)].join('|')}${
      index + 1 < LAYERS.length ? '|' : ''
    }${WIRING.replace('$', '')})`,
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'An import cycle: the modules cannot be understood or tested apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'entity-slices-stand-apart',
      comment:
        'The overview card, governance tab and policy tab of a MicroApp share shared/ only, never each other.',
      severity: 'error',
      from: {
        path: '^plugins/microapps/src/components/MicroAppEntity/(overview|governance|policy)/',
        pathNot: TESTS,
      },
      to: {
        path: '^plugins/microapps/src/components/MicroAppEntity/(overview|governance|policy)/',
        pathNot: '^plugins/microapps/src/components/MicroAppEntity/$1/',
      },
    },
    {
      name: 'common-imports-no-plugin',
      comment:
        'microapps-common is shared by every package and depends on none of them.',
      severity: 'error',
      from: { path: '^plugins/microapps-common/' },
      to: {
        path: '^plugins/(microapps|microapps-backend|catalog-backend-module-microapps)/',
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|/dist/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json'],
    },
  },
};
