import { AdminCreateDto } from './console.dto';
import { readForm, typedValues } from './console-forms';

describe('readForm', () => {
  const form = { _csrf: 'c', username: 'ada lovelace', displayName: '  Ada  ', email: 'not-an-email', role: 'admin', organizationId: '1', password: 'short' };

  it('gives the DTO of a valid form, trimmed and typed', async () => {
    const sut = await readForm(AdminCreateDto, { ...form, username: 'ada', email: 'ada@example.com', password: 'long-enough-1' });
    expect(sut.state).toBeUndefined();
    expect(sut.dto).toMatchObject({ username: 'ada', displayName: 'Ada', organizationId: 1, password: 'long-enough-1' });
  });

  it('names each wrong field with its message, and keeps what was typed but the password and the CSRF token', async () => {
    const sut = await readForm(AdminCreateDto, form);
    expect(sut.state?.errors).toEqual({
      username: 'The username must be 1 to 100 letters, digits or . _ @ -',
      email: 'The email is not a valid address',
      password: 'The password must be 10 to 200 characters',
    });
    expect(sut.state?.values).toEqual({ username: 'ada lovelace', displayName: '  Ada  ', email: 'not-an-email', role: 'admin', organizationId: '1' });
  });

  it('reads a body that is no form (none, an array) as an empty one', async () => {
    for (const body of [undefined, null, ['x'], 'text']) {
      const sut = await readForm(AdminCreateDto, body);
      expect(Object.keys(sut.state!.errors)).toEqual(expect.arrayContaining(['username', 'displayName', 'password']));
      expect(typedValues(body)).toEqual({});
    }
  });
});
