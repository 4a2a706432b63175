import { EventBacklog, EVENT_BACKLOG_LIMIT } from './event-backlog';
import { EventOutbox } from './event-outbox';
import { EventsErrorCode } from './events.exception';

function setup(waiting: number) {
  const outbox = { backlog: jest.fn(async () => waiting) };
  return { sut: new EventBacklog(outbox as unknown as EventOutbox), outbox };
}

describe('EventBacklog', () => {
  it('admits deliveries below the limit, counting what this process stores since the last count', async () => {
    const { sut, outbox } = setup(EVENT_BACKLOG_LIMIT - 2);
    await sut.admit(7, 1000);
    sut.stored(7);
    await sut.admit(7, 1001);
    sut.stored(7);
    await expect(sut.admit(7, 1002)).rejects.toMatchObject({ status: 503, code: EventsErrorCode.EVENT_BACKLOG_FULL, extra: { headers: { 'retry-after': '1' } } });
    expect(outbox.backlog).toHaveBeenCalledTimes(1);
    expect(outbox.backlog).toHaveBeenCalledWith(7, EVENT_BACKLOG_LIMIT);
  });

  it('counts each instance on its own', async () => {
    const { sut } = setup(EVENT_BACKLOG_LIMIT);
    await expect(sut.admit(7)).rejects.toMatchObject({ status: 503 });
    const other = setup(0);
    await expect(other.sut.admit(8)).resolves.toBeUndefined();
  });

  it('counts again once the count is older than a quarter second, and admits again when delivery caught up', async () => {
    const { sut, outbox } = setup(EVENT_BACKLOG_LIMIT);
    await expect(sut.admit(7)).rejects.toMatchObject({ status: 503 });
    outbox.backlog.mockResolvedValue(10);
    await new Promise((r) => setTimeout(r, 300));
    // The recount runs behind this delivery; the next one sees its figure.
    await sut.admit(7).catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    await expect(sut.admit(7)).resolves.toBeUndefined();
    expect(outbox.backlog).toHaveBeenCalledTimes(2);
  });

  it('adds what this process stored while a recount ran to its figure, which may not have seen it', async () => {
    const counts: Array<(n: number) => void> = [];
    const outbox = { backlog: jest.fn(() => new Promise<number>((resolve) => counts.push(resolve))) };
    const sut = new EventBacklog(outbox as unknown as EventOutbox);
    const first = sut.admit(7);
    counts[0](0);
    await first;
    // A second on: this delivery starts a recount and goes on behind the last figure.
    const later = Date.now() + 1000;
    await sut.admit(7, later);
    sut.stored(7);
    counts[1](EVENT_BACKLOG_LIMIT - 1);
    await new Promise((r) => setImmediate(r));
    await expect(sut.admit(7, later + 1)).rejects.toMatchObject({ status: 503 });
  });
});
