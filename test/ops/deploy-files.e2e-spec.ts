import { PATH_METADATA } from '@nestjs/common/constants';
import { getMetadataStorage } from 'class-validator';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { HubConfig, loadConfig } from '../../src/config/hub-config';
import { HealthController } from '../../src/health.controller';
import { startFlags } from '../support/hub-process';

/**
 * The deployment files cannot run here (no container engine), so this reads them against the
 * code: every variable they set is a setting the hub knows and their values pass its validation,
 * the settings replicas need are set, probes hit real routes, and the grace periods outlast the
 * shutdown bound.
 */
const ROOT = join(__dirname, '..', '..');
const DEPLOY = join(ROOT, 'deploy');
const SETTINGS = new Set(getMetadataStorage().getTargetValidationMetadatas(HubConfig, '', true, false).map((m) => m.propertyName));
/** Replicas must share the database and the keys, and Webex must reach one public address. */
const REPLICA_REQUIRED = ['DATABASE_URL', 'HUB_ENCRYPTION_KEYS', 'HUB_PUBLIC_URL'];
const SAMPLE_KEYS = 'main:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';

const healthRoute = (handler: keyof HealthController) =>
  `/${Reflect.getMetadata(PATH_METADATA, HealthController)}/${Reflect.getMetadata(PATH_METADATA, HealthController.prototype[handler])}`.replace(/\/+$/, '');

/** Compose's `${VAR:-default}`, `${VAR:?error}` and `${VAR}` with nothing set in the environment. */
function interpolate(value: string, given: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => given[name] ?? (kind === '-' ? (rest ?? '') : ''));
}

describe('deployment files agree with the config schema', () => {
  it('knows every setting and its validation (sanity check of the schema reader)', () => {
    expect(SETTINGS).toContain('DATABASE_URL');
    expect(SETTINGS).toContain('HUB_SHUTDOWN_TIMEOUT_MS');
    expect(SETTINGS).not.toContain('NOT_A_SETTING');
  });

  describe('compose.yaml', () => {
    const compose = parse(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8'));
    const hub = compose.services.hub;
    const environment: Record<string, string> = Array.isArray(hub.environment)
      ? Object.fromEntries(hub.environment.map((e: string) => e.split(/=(.*)/s).slice(0, 2)))
      : hub.environment;

    it('runs two hub replicas on the PostgreSQL service, after it is healthy', () => {
      expect(hub.deploy.replicas).toBeGreaterThanOrEqual(2);
      expect(compose.services.postgres.image).toMatch(/^postgres:/);
      expect(hub.depends_on.postgres.condition).toBe('service_healthy');
      expect(environment.DATABASE_URL).toContain('@postgres:5432/');
    });

    it('sets only settings the hub knows, the replica ones included, with values it accepts', () => {
      expect(Object.keys(environment).filter((key) => !SETTINGS.has(key))).toEqual([]);
      expect(REPLICA_REQUIRED.filter((key) => !environment[key])).toEqual([]);
      const env = Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, interpolate(String(v), { HUB_ENCRYPTION_KEYS: SAMPLE_KEYS })]));
      const config = loadConfig(env);
      // The key list has no default: compose refuses to start without it.
      expect(environment.HUB_ENCRYPTION_KEYS).toMatch(/^\$\{HUB_ENCRYPTION_KEYS:\?/);
      expect(parseDuration(hub.stop_grace_period)).toBeGreaterThan(config.HUB_SHUTDOWN_TIMEOUT_MS);
      expect(hub.healthcheck.test.join(' ')).toContain(healthRoute('ready'));
    });

    it('proxies to the hub with the nginx configuration it mounts', () => {
      const mount = compose.services.proxy.volumes[0].split(':')[0];
      expect(readFileSync(join(DEPLOY, mount), 'utf8')).toMatch(/server hub:3000;/);
    });
  });

  describe('Kubernetes manifests', () => {
    const documents = readdirSync(join(DEPLOY, 'k8s'))
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => parseAllDocuments(readFileSync(join(DEPLOY, 'k8s', f), 'utf8')).map((d) => d.toJS()));
    const find = (kind: string) => documents.filter((d) => d?.kind === kind);
    const [deployment] = find('Deployment');
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    const env: Record<string, string> = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    const secrets = container.envFrom.map((from: { secretRef: { name: string } }) => find('Secret').find((s) => s.metadata.name === from.secretRef.name));

    it('runs several replicas as a non-root user', () => {
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(secrets.every(Boolean)).toBe(true);
    });

    it('sets only settings the hub knows, from the Deployment and the Secret, with values it accepts', () => {
      const fromSecrets: Record<string, string> = Object.assign({}, ...secrets.map((s: { stringData: Record<string, string> }) => s.stringData));
      const all = { ...fromSecrets, ...env };
      expect(Object.keys(all).filter((key) => !SETTINGS.has(key))).toEqual([]);
      expect(REPLICA_REQUIRED.filter((key) => !all[key])).toEqual([]);
      // Secrets stay in the Secret, not in the Deployment's plain env.
      expect(Object.keys(env).filter((key) => /SECRET|KEYS|PASSWORD|DATABASE_URL/.test(key))).toEqual([]);
      const config = loadConfig(all);
      expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(config.HUB_SHUTDOWN_TIMEOUT_MS + 5000);
      expect(container.ports[0].containerPort).toBe(config.PORT);
    });

    it('probes readiness and liveness on the routes that serve them, and the Service reaches the pods', () => {
      expect(container.readinessProbe.httpGet.path).toBe(healthRoute('ready'));
      expect(container.livenessProbe.httpGet.path).toBe(healthRoute('live'));
      const [service] = find('Service');
      expect(service.spec.ports[0].targetPort).toBe(container.ports[0].name);
      expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    });
  });

  describe('Dockerfile', () => {
    const lines = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const finalStage = lines.slice(lines.map((l) => l.startsWith('FROM ')).lastIndexOf(true));

    it('builds in one stage and runs the compiled entry point as a non-root user in another', () => {
      expect(lines.filter((l) => l.startsWith('FROM ')).length).toBeGreaterThanOrEqual(2);
      const user = finalStage.find((l) => l.startsWith('USER '));
      expect(user).toBeDefined();
      expect(user).not.toMatch(/USER (root|0)\b/);
      const entry = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')).entryFile as string;
      expect(finalStage.find((l) => l.startsWith('CMD '))).toContain(`dist/${entry}.js`);
    });

    it('runs node with the flags npm start gives it', () => {
      const command = JSON.parse(finalStage.find((l) => l.startsWith('CMD '))!.slice(4)) as string[];
      expect(startFlags()).not.toEqual([]);
      expect(command.filter((word) => word.startsWith('--'))).toEqual(startFlags());
    });

    it('builds and runs on one LTS (even) Node major that package.json engines accepts', () => {
      const majors = lines.filter((l) => l.startsWith('FROM ')).map((l) => /^FROM node:(\d+)-/.exec(l)?.[1]);
      expect(majors.every(Boolean)).toBe(true);
      expect(new Set(majors).size).toBe(1);
      const major = Number(majors[0]);
      expect(major % 2).toBe(0);
      const { engines } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
      expect(acceptsMajor(engines.node, major)).toBe(true);
      // Node 20 reached its end of life in April 2026: the image must not fall back to it.
      expect(acceptsMajor(engines.node, 20)).toBe(false);
    });

    it('copies only files that exist in the repository', () => {
      const sources = lines.filter((l) => l.startsWith('COPY ') && !l.includes('--from=')).flatMap((l) => l.split(/\s+/).slice(1, -1));
      expect(sources.filter((s) => !existsSync(join(ROOT, s)))).toEqual([]);
    });
  });
});

/**
 * Whether an engines range such as `^22.17.0 || >=24` admits the newest release of a major (an
 * image tag names only the major). Knows `^X.Y.Z` and `>=X[.Y.Z]`; any other form fails the test
 * rather than being guessed.
 */
function acceptsMajor(range: string, major: number): boolean {
  return range.split('||').some((part) => {
    const match = /^(\^|>=)(\d+)(\.\d+){0,2}$/.exec(part.trim());
    if (!match) throw new Error(`Unreadable engines range ${part}`);
    return match[1] === '^' ? Number(match[2]) === major : major >= Number(match[2]);
  });
}

function parseDuration(value: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(value);
  if (!match) throw new Error(`Unreadable duration ${value}`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60000 }[match[2] as 'ms' | 's' | 'm'];
}
