/**
 * The import rules of src/ (dependency-cruiser; `npm run lint` runs it after biome).
 *
 * - Layers, lowest first: a folder imports only folders below it (and itself), never one above.
 * - No import cycles anywhere.
 * - core/ imports nothing of ours.
 * - Across folders only through the folder's index.ts (its public surface); inside a folder anything.
 * - The code of src/ never imports tests or their helpers (test/, suites/, contracts/, bench/).
 * - Tests (`*.test.ts` beside the code) may import any layer, still only through index.ts, and
 *   their helpers from test/support/ only; test/ itself is not held to these rules (it may import
 *   deep files).
 *
 * Paths are relative to the folder depcruise runs in, so test/fixtures/layers/ (a tiny src/ that
 * breaks each rule) is cruised with this same file: see test/lint/layers.test.ts.
 */

/**
 * Lowest first. providers/ (one folder per API's own code) sits above what it plugs into; library/ (the
 * package's programmatic API) re-exports what the layers below offer.
 */
const LAYERS = [
  'core',
  'catalogue',
  'drift',
  'http',
  'simulators',
  'checks',
  'providers',
  'contracts',
  'contract-thread',
  'runner',
  'reports',
  'library',
  'cli',
];

const TEST = '\\.test\\.ts$';

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `${layer}/ is below ${LAYERS.slice(i + 1).join(', ')}: it must not import them (move the shared piece down, into core/ if need be, or pass it in)`,
  severity: 'error',
  from: { path: `^src/${layer}/`, pathNot: TEST },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'unknown-folder',
      comment: `every folder of src/ has a place in the layers (${LAYERS.join(' < ')}): add a new one to LAYERS in .dependency-cruiser.cjs`,
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: `^src/(${LAYERS.join('|')})/` },
    },
    {
      name: 'unknown-folder-imports',
      comment: `a module outside the layered folders (${LAYERS.join(', ')}) imports something: give its folder a place in LAYERS`,
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${LAYERS.join('|')})/` },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'no import cycles: move the piece both sides need into its own module',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing-of-ours',
      comment: 'core/ is the ground floor: it imports nothing of ours (node and npm packages only)',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'only-through-index',
      comment:
        'another folder is imported only through its index.ts, its public surface (export what you need there); test/ may import deep files',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'src-not-from-tests',
      comment: 'the code of src/ never imports tests or their helpers (test helpers live in test/support/)',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST },
      to: { path: '^(test|suites|contracts|bench)/' },
    },
    {
      name: 'src-tests-only-from-support',
      comment: 'a test beside the code takes its helpers from test/support/, never from other tests',
      severity: 'error',
      from: { path: `^src/.*${TEST}` },
      to: { path: '^(test/(?!support/)|suites/|contracts/|bench/)' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to no file',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports count: a layer that names a type of the layer above depends on it.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    // src/reports/html/client.js runs in the browser and imports nothing.
    moduleSystems: ['es6', 'cjs'],
  },
};
