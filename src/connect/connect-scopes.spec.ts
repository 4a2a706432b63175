import { scopeWords } from './connect-scopes';

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
});
