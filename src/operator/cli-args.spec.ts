import { parseCommand, UsageError } from './cli-args';

describe('parseCommand', () => {
  const sut = parseCommand;

  it('reads each command and its arguments', () => {
    expect(sut(['console-password', 'admin'])).toEqual({ name: 'console-password', username: 'admin', password: undefined });
    expect(sut(['console-password', 'admin', '--password', 'a-long-password'])).toEqual({ name: 'console-password', username: 'admin', password: 'a-long-password' });
    expect(sut(['console-password', '--password=a=long=password', 'admin'])).toEqual({ name: 'console-password', username: 'admin', password: 'a=long=password' });
    expect(sut(['rotate-organization-secret'])).toEqual({ name: 'rotate-organization-secret' });
    expect(sut(['rotate-user-secret'])).toEqual({ name: 'rotate-user-secret', email: undefined });
    expect(sut(['rotate-user-secret', 'ann@example.com'])).toEqual({ name: 'rotate-user-secret', email: 'ann@example.com' });
    expect(sut(['purge-events'])).toEqual({ name: 'purge-events', olderThan: undefined, instanceId: undefined });
    expect(sut(['purge-events', '--older-than', '30d', '--instance=12'])).toEqual({ name: 'purge-events', olderThan: '30d', instanceId: 12 });
  });

  it('answers help with no command, --help or help', () => {
    expect(sut([])).toEqual({ name: 'help' });
    expect(sut(['--help'])).toEqual({ name: 'help' });
    expect(sut(['help'])).toEqual({ name: 'help' });
    expect(sut(['rotate-user-secret', '--help'])).toEqual({ name: 'help' });
  });

  it.each([
    [['rotate-secrets'], 'Unknown command "rotate-secrets"'],
    [['console-password'], 'needs the username'],
    [['console-password', 'admin', '--password'], '--password needs a value'],
    [['console-password', 'admin', '--password', 'short'], '10 to 200 characters'],
    [['console-password', 'admin', 'bob'], 'at most 1 argument'],
    [['rotate-organization-secret', 'extra'], 'takes no arguments'],
    [['rotate-user-secret', '--password', 'a-long-password'], 'has no option --password'],
    [['purge-events', '--older-than', '30 days'], 'a duration like 30d'],
    [['purge-events', '--instance', 'x'], 'an instance id'],
    [['purge-events', '--status', 'NOTIFIED'], 'has no option --status'],
  ])('refuses %j, saying what is wrong', (argv, message) => {
    expect(() => sut(argv)).toThrow(UsageError);
    expect(() => sut(argv)).toThrow(message);
  });
});
