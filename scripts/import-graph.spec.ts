import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const REPO = join(__dirname, '..');
const DEPCRUISE = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(REPO, '.dependency-cruiser.cjs');

/**
 * The import-graph check of `npm run lint`, run with the repository's own rules on a small tree
 * written for each test: a clean tree passes, and each kind of forbidden import fails it.
 */
describe('import-graph check (.dependency-cruiser.cjs)', () => {
  let root: string;
  const file = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const importing = (...targets: string[]) => targets.map((target, i) => `import * as m${i} from '${target}';\nvoid m${i};\n`).join('') + 'export const x = 1;\n';
  const cruise = (...extra: string[]) => {
    const run = spawnSync(process.execPath, [DEPCRUISE, 'src', 'emulator', '--config', CONFIG, ...extra], { cwd: root, encoding: 'utf8' });
    return { status: run.status, output: run.stdout + run.stderr };
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'import-graph-'));
    file('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true } }));
    file('src/config/hub-config.ts', 'export class HubConfig {}\n');
    file('src/database/database.module.ts', importing('../config/hub-config'));
    file('src/tokens/token-store.ts', 'export const store = 1;\n');
    file('src/tokens/access-tokens.ts', importing('./token-store'));
    file('src/tokens/tokens.module.ts', importing('./access-tokens'));
    file('src/instances/instances.service.ts', importing('../tokens/access-tokens', '../config/hub-config'));
    file('src/app.module.ts', importing('./database/database.module', './tokens/tokens.module', './instances/instances.service'));
    file('emulator/options.ts', 'export const options = 1;\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes a tree that keeps the layers', () => {
    const { status, output } = cruise();
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });

  it('fails on a cycle', () => {
    file('src/tokens/token-store.ts', importing('./access-tokens'));
    const { status, output } = cruise();
    expect(output).toMatch(/error no-circular: src\/tokens\/(token-store|access-tokens)\.ts/);
    expect(status).not.toBe(0);
  });

  it('fails when a feature imports database/', () => {
    file('src/instances/instances.service.ts', importing('../database/database.module'));
    const { status, output } = cruise();
    expect(output).toContain('error feature-not-to-database: src/instances/instances.service.ts → src/database/database.module.ts');
    expect(status).not.toBe(0);
  });

  it('fails when database/ imports a feature', () => {
    file('src/instances/instance.entity.ts', 'export class Instance {}\n');
    file('src/database/entities.ts', importing('../instances/instance.entity'));
    const { status, output } = cruise();
    expect(output).toContain('error database-not-to-features: src/database/entities.ts → src/instances/instance.entity.ts');
    expect(status).not.toBe(0);
  });

  it('fails when tokens/ imports instances/', () => {
    file('src/tokens/access-tokens.ts', importing('./token-store', '../instances/instances.service'));
    const { status, output } = cruise();
    expect(output).toContain('error tokens-not-to-instances: src/tokens/access-tokens.ts → src/instances/instances.service.ts');
    expect(status).not.toBe(0);
  });

  it('fails when instances/ reaches into the internals of tokens/, not through its surface', () => {
    file('src/instances/instances.service.ts', importing('../tokens/access-tokens', '../tokens/token-store'));
    const { status, output } = cruise();
    expect(output).toContain('error instances-not-to-tokens-internals: src/instances/instances.service.ts → src/tokens/token-store.ts');
    expect(output).not.toContain('→ src/tokens/access-tokens.ts');
    expect(status).not.toBe(0);
  });

  it('fails when the hub imports the emulator beyond its settings, or code that ships imports a test', () => {
    file('emulator/server.ts', 'export const server = 1;\n');
    file('test/support/hub.ts', 'export const hub = 1;\n');
    file('src/config/hub-config.ts', importing('../../emulator/options', '../../emulator/server', '../../test/support/hub'));
    const { status, output } = cruise();
    expect(output).toContain('error hub-not-to-emulator: src/config/hub-config.ts → emulator/server.ts');
    expect(output).toContain('error not-to-test: src/config/hub-config.ts → test/support/hub.ts');
    expect(output).not.toContain('→ emulator/options.ts');
    expect(status).not.toBe(0);
  });

  it('lets a spec reach across the layers, as the tests under test/ do', () => {
    file('src/common/catalogue.spec.ts', importing('../instances/instances.service', '../database/database.module'));
    file('src/tokens/access-tokens.spec.ts', importing('./access-tokens', '../instances/instances.service'));
    const { status, output } = cruise();
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });

  it('lets a baseline of known violations pass, and still fails on a new one', () => {
    file('src/instances/instances.service.ts', importing('../database/database.module'));
    expect(cruise('--output-type', 'baseline', '--output-to', 'known.json').status).toBe(0);
    expect(cruise('--ignore-known', 'known.json').status).toBe(0);

    file('src/tokens/access-tokens.ts', importing('./token-store', '../database/database.module'));
    const { status, output } = cruise('--ignore-known', 'known.json');
    expect(output).toContain('error feature-not-to-database: src/tokens/access-tokens.ts → src/database/database.module.ts');
    expect(output).not.toContain('src/instances/instances.service.ts →');
    expect(status).not.toBe(0);
  });
});
