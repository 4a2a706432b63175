import fc from 'fast-check';
import { routesOf } from '../../src/app.factory';
import { startHub, TestHub } from '../support/hub';
import { Finding, FUZZ_ENV, FuzzWorld, seedNamedPools } from './support/fuzz-world';
import { leakedSecrets } from './support/leaks';
import { operationsOf } from './support/operations';
import { requestPlans } from './support/requests';

/**
 * Requests generated from the OpenAPI document (and every registered route) with fast-check.
 * `FUZZ_RUNS=100000 FUZZ_SEED=<n> npm test -- test/robustness/fuzz` runs a longer campaign or
 * replays one; the seed is printed at the start.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? 9_2026);
const CHUNK = 250;

describe('fuzzing every operation of the OpenAPI document', () => {
  let hub: TestHub;
  let world: FuzzWorld;

  beforeAll(async () => {
    hub = await startHub({ env: FUZZ_ENV });
    const document = (await hub.http().get('/docs-json').expect(200)).body;
    world = new FuzzWorld(hub, operationsOf(document, routesOf(hub.app)));
    seedNamedPools(world);
    await world.setUp();
  }, 120_000);
  afterAll(() => hub?.close());

  it(`answers ${RUNS} generated requests without a 5xx, with the error body on every 4xx and the documented schema on every 2xx`, async () => {
    process.stdout.write(`fuzz: seed ${SEED}, ${RUNS} requests over ${world.operations.length} operations (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS})\n`);
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const statuses: Record<string, number> = {};
    const successes = new Map<number, number>();
    const started = Date.now();
    for (let done = 0; done < RUNS; done += CHUNK) {
      const plans = fc.sample(requestPlans(world.operations), { seed: SEED + done, numRuns: Math.min(CHUNK, RUNS - done) });
      for (const [i, plan] of plans.entries()) {
        const op = world.operations[plan.operation];
        const { outcome, problems } = await world.send(plan);
        statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
        if (process.env.FUZZ_DEBUG && op.path.includes(process.env.FUZZ_DEBUG)) process.stdout.write(`${outcome.status} ${outcome.request.method} ${outcome.request.url.slice(0, 150)} ${plan.auth} ${outcome.text.slice(0, 200)}\n`);
        if (outcome.status < 300) successes.set(plan.operation, (successes.get(plan.operation) ?? 0) + 1);
        for (const problem of problems) {
          const key = `${op.method} ${op.path}: ${problem.slice(0, 60)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const { payload, ...request } = outcome.request;
          findings.push({ operation: `${op.method} ${op.path}`, problem, status: outcome.status, request: { ...request, payload: payload?.slice(0, 300) }, response: outcome.text.slice(0, 300) });
        }
        // Destructive successes (deleted instance, rotated secret, disabled instance) are undone before the next request.
        if ((outcome.status < 300 && op.method !== 'GET') || (done + i) % 50 === 0) await world.repair();
      }
    }
    const untouched = world.operations.filter((_, i) => !successes.has(i)).map((o) => `${o.method} ${o.path}`);
    process.stdout.write(
      `fuzz: ${RUNS} requests in ${Math.round((Date.now() - started) / 1000)} s; statuses ${JSON.stringify(statuses)}; ` +
        `${world.operations.length - untouched.length}/${world.operations.length} operations answered a success at least once; ${world.repairs} repairs\n` +
        `fuzz: never a success: ${untouched.join(', ')}\n`,
    );
    expect(findings).toEqual([]);
  }, 900_000);

  it('left no secret in clear in the database or the logs', async () => {
    expect(await leakedSecrets(hub, world.secrets)).toEqual({ database: [], logs: [] });
  });
});
