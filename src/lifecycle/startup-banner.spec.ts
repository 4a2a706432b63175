import { describeDatabase, startupBanner } from './startup-banner';

describe('startupBanner', () => {
  it('names a PostgreSQL database by host and name, never with the user, password or options of its URL', () => {
    const sut = describeDatabase('./data', 'postgres://hub:s3cr3t-pw@db.internal:5432/hub?sslmode=require&password=other');

    expect(sut).toBe('PostgreSQL at db.internal:5432/hub');
  });

  it('lists the secrets under a warning only when there are some', () => {
    const facts = { origin: 'http://localhost:3000', apiPrefix: 'elements/api-v2', dataDir: '/srv/hub', secrets: [] };

    expect(startupBanner(facts)).not.toContain('First start');
    expect(startupBanner({ ...facts, secrets: [{ label: 'Console login', value: 'user "admin", password pw123' }] })).toContain(
      'First start: keep these, they are not shown again (nor written to the log):\n  Console login:\n    user "admin", password pw123\n',
    );
  });
});
