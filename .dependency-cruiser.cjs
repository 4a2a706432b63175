/* global module */
// The import graph's rules (`npm run lint:imports`, part of `npm run lint`). docs/architecture.md
// draws the layers they keep: the platform (http, config, database, common) at the bottom,
// features above it, emulator/ beside the hub. .dependency-cruiser-known-violations.json lists
// violations tolerated while a refactor is under way (none today); any other fails the run.
// A refactor that must land in steps records its own with
// `npx depcruise src emulator demo migrations test bench scripts -T baseline -f .dependency-cruiser-known-violations.json`.

/** Folders under src/ that are not features: the platform, and the composition roots. */
const PLATFORM = '(config|database|common|http)/';
const ROOTS = '(app\\.module|app\\.factory|main)\\.ts$';
/** Specs, like test/, may reach across the layers to check them (the error catalogue spec reads every catalogue). */
const SPEC = '\\.spec\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties two files into one: neither can be read, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'feature-not-to-database',
      severity: 'error',
      comment:
        'database/ is the bottom floor: features register their own entities and ask HubConfig ' +
        'what kind of database runs. Only the composition roots and the operator CLI (which opens ' +
        'its own connection outside Nest) import database/.',
      from: { path: '^src/', pathNot: [`^src/${PLATFORM}`, `^src/${ROOTS}`, '^src/operator/cli\\.ts$', SPEC] },
      to: { path: '^src/database/' },
    },
    {
      name: 'database-not-to-features',
      severity: 'error',
      comment: 'database/ sits below every feature: it imports only config/, common/ and the migrations.',
      from: { path: '^src/database/', pathNot: SPEC },
      to: { path: '^src/', pathNot: `^src/(database|config|common)/` },
    },
    {
      name: 'tokens-not-to-instances',
      severity: 'error',
      comment:
        'tokens/ owns the token state and publishes its outcomes as typed events; instances/ ' +
        'subscribes. tokens/ never imports instances/.',
      from: { path: '^src/tokens/', pathNot: SPEC },
      to: { path: '^src/instances/' },
    },
    {
      name: 'instances-not-to-tokens-internals',
      severity: 'error',
      comment:
        'instances/ asks tokens/ through its public surface (the module, AccessTokens, the grant ' +
        'and event types, the exceptions) and never reaches into the store or the schedule.',
      from: { path: '^src/instances/', pathNot: SPEC },
      to: {
        path: '^src/tokens/',
        pathNot: '^src/tokens/(tokens\\.module|access-tokens|token-grants?|token-events|tokens?\\.exception)\\.ts$',
      },
    },
    {
      name: 'platform-not-to-features',
      severity: 'error',
      comment: 'config/ and common/ are below every feature and import none.',
      from: { path: '^src/(config|common)/', pathNot: SPEC },
      to: { path: '^src/', pathNot: `^src/${PLATFORM}` },
    },
    {
      name: 'hub-not-to-emulator',
      severity: 'error',
      comment:
        'The emulator stands beside the hub, in place of Webex: the hub never imports it, except ' +
        'its settings reader, so that config/setting-names.ts knows the EMULATOR_ names.',
      from: { path: '^src/' },
      to: { path: '^emulator/', pathNot: '^emulator/options\\.ts$' },
    },
    {
      name: 'emulator-not-to-hub',
      severity: 'error',
      comment: 'The emulator stands alone, as Webex would: it imports nothing from the hub.',
      from: { path: '^emulator/' },
      to: { path: '^src/' },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Code that ships never imports the tests or their support.',
      from: { path: '^(src|emulator|demo|migrations)/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-spec',
      severity: 'error',
      comment: 'A spec is a leaf: nothing imports it.',
      from: {},
      to: { path: '\\.(e2e-)?spec\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-bench|data|coverage)/' },
    // Type-only imports count: a cycle through a type is still a cycle in the design.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
