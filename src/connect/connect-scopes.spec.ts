import { scopeWords, withAccountScope } from './connect-scopes';

describe('scopeWords', () => {
  it('says what each known scope allows, in order', () => {
    const sut = scopeWords('spark:all  spark:kms');
    expect(sut.map((s) => s.scope)).toEqual(['spark:all', 'spark:kms']);
    expect(sut[0].words).toMatch(/messages/);
    expect(sut[1].words).toMatch(/encrypted/);
  });

  it('names a scope it does not know rather than hiding it', () => {
    expect(scopeWords('spark:something_new')).toEqual([{ scope: 'spark:something_new', words: 'Webex permission “spark:something_new”' }]);
  });

  it('adds spark:people_read when nothing else lets the hub read the connected account', () => {
    expect(withAccountScope('spark:messages_read  spark:rooms_read')).toBe('spark:messages_read spark:rooms_read spark:people_read');
    expect(withAccountScope('spark:all spark:kms')).toBe('spark:all spark:kms');
    expect(withAccountScope('spark-admin:people_read')).toBe('spark-admin:people_read');
  });
});
