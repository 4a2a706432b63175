import { Logger } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { Instance } from '../instances/instance.entity';
import { InstancesService } from '../instances/instances.service';
import { HubShutdown } from '../lifecycle/hub-shutdown';
import { EventRegistration } from './event-registration.entity';
import { WebhookHealth } from './webhook-health';
import { Repairs, WebhookRegistrar } from './webhook-registrar';

const NONE: Repairs = { reactivated: [], created: [], removed: [] };
const shutdown = { within: async (work?: Promise<unknown>) => void (await work) } as unknown as HubShutdown;

/** WebhookHealth over fakes: registrations 1 to 3, instance 2 gone, and the registrar's answers per instance. */
function setup(answers: Record<number, Repairs | Error> = {}, shared = false) {
  const rows = [{ instanceId: 1 }, { instanceId: 2 }, { instanceId: 3 }] as EventRegistration[];
  const registrations = {
    find: jest.fn(async () => rows),
    findOneBy: jest.fn(async ({ instanceId }: { instanceId: number }) => (instanceId === 1 ? ({ instanceId, active: true, webhooks: [{ id: 'w1', resource: 'messages', status: 'inactive' }], lastError: 'Webex answered 403: no', lastErrorAt: new Date(0), checkedAt: new Date(1000) } as EventRegistration) : null)),
  } as unknown as Repository<EventRegistration>;
  const registrar = {
    reconcile: jest.fn(async (instance: Instance) => {
      const answer = answers[instance.id] ?? NONE;
      if (answer instanceof Error) throw answer;
      return answer;
    }),
  } as unknown as WebhookRegistrar;
  const instances = { stored: jest.fn(async (id: number) => (id === 2 ? null : ({ id } as Instance))) } as unknown as InstancesService;
  const queries: string[] = [];
  let lockFree = true;
  const runner = { query: jest.fn(async (sql: string) => (queries.push(sql), sql.includes('try') ? [{ locked: lockFree }] : [])), release: jest.fn(async () => undefined) };
  const dataSource = { options: shared ? { url: 'postgres://db/hub' } : {}, createQueryRunner: () => runner } as unknown as DataSource;
  const sut = new WebhookHealth(new HubConfig(), registrations, registrar, instances, dataSource, shutdown);
  return { sut, registrar, runner, queries, holdLock: () => (lockFree = false) };
}

describe('WebhookHealth.checkAll', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  it('reconciles each registered instance still there, in turn, and counts repairs and failures without stopping at one', async () => {
    const { sut, registrar } = setup({ 1: { ...NONE, reactivated: ['messages'] }, 3: new Error('Webex answered 500') });
    expect(await sut.checkAll()).toEqual({ skipped: false, checked: 2, repaired: 1, failed: 1 });
    expect((registrar.reconcile as jest.Mock).mock.calls.map(([i]: [Instance]) => i.id)).toEqual([1, 3]);
  });

  it('takes no lock on the embedded database, where this process is the only one', async () => {
    const { sut, queries } = setup();
    await sut.checkAll();
    expect(queries).toEqual([]);
  });

  it('on PostgreSQL runs under the session advisory lock, and frees it and its connection afterwards', async () => {
    const { sut, queries, runner } = setup({}, true);
    expect((await sut.checkAll()).checked).toBe(2);
    expect(queries).toEqual(['SELECT pg_try_advisory_lock($1) AS locked', 'SELECT pg_advisory_unlock($1)']);
    expect(runner.release).toHaveBeenCalledTimes(1);
  });

  it('skips the pass while another process holds the lock, touching no instance', async () => {
    const { sut, registrar, runner, holdLock } = setup({}, true);
    holdLock();
    expect(await sut.checkAll()).toEqual({ skipped: true, checked: 0, repaired: 0, failed: 0 });
    expect(registrar.reconcile).not.toHaveBeenCalled();
    expect(runner.release).toHaveBeenCalledTimes(1);
  });
});

describe('WebhookHealth.of', () => {
  it('shows the registration as the last check left it, dates in ISO form', async () => {
    const { sut } = setup();
    expect(await sut.of(1)).toEqual({
      active: true,
      webhooks: [{ id: 'w1', resource: 'messages', status: 'inactive' }],
      lastError: 'Webex answered 403: no',
      lastErrorDate: '1970-01-01T00:00:00.000Z',
      checkedDate: '1970-01-01T00:00:01.000Z',
    });
  });

  it('shows an instance that never registered as inactive with nothing', async () => {
    const { sut } = setup();
    expect(await sut.of(9)).toEqual({ active: false, webhooks: [], lastError: null, lastErrorDate: null, checkedDate: null });
  });
});
