import { AuthException } from './auth.exception';
import { parseAuthorization } from './credentials';

describe('parseAuthorization', () => {
  it('reads the three parts in any order', () => {
    expect(parseAuthorization('Element e1, User u1, Organization o1')).toEqual({ user: 'u1', organization: 'o1', element: 'e1' });
    expect(parseAuthorization('organization o2,user u2')).toEqual({ user: 'u2', organization: 'o2', element: undefined });
  });

  it('reads User and Element without Organization', () => {
    expect(parseAuthorization('User u3, Element e3')).toEqual({ user: 'u3', organization: undefined, element: 'e3' });
  });

  it.each([undefined, '', 'Bearer abc', 'User u1', 'User u1, User u2, Organization o', 'User u1, Organization o1, Cookie x', 'User, Organization o', 'Element e1', 'Organization o1, Element e1', 'User u1, Element'])(
    'refuses %p',
    (header) => {
      expect(() => parseAuthorization(header)).toThrow(AuthException);
    },
  );
});
