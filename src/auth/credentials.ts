import { invalidCredentials } from './auth.exception';

export interface CredentialParts {
  user: string;
  /** Absent in the `User …, Element …` form, which hub calls accept. */
  organization?: string;
  element?: string;
}

const PART = /^(User|Organization|Element)\s+(\S+)$/i;

/**
 * Parses `Authorization: User <secret>, Organization <secret>[, Element <token>]` or
 * `User <secret>, Element <token>`, the parts in any order. A part given twice, an unknown part,
 * a missing User, or neither Organization nor Element is a 401.
 */
export function parseAuthorization(header: string | undefined): CredentialParts {
  if (!header || header.length > 4096) throw invalidCredentials();
  const parts: Record<string, string> = {};
  for (const piece of header.split(',')) {
    const match = PART.exec(piece.trim());
    if (!match) throw invalidCredentials('Malformed Authorization header: expected User <secret>, Organization <secret>[, Element <token>]');
    const name = match[1].toLowerCase();
    if (parts[name]) throw invalidCredentials(`Malformed Authorization header: ${match[1]} given twice`);
    parts[name] = match[2];
  }
  if (!parts.user || !(parts.organization || parts.element)) throw invalidCredentials();
  return { user: parts.user, organization: parts.organization, element: parts.element };
}
