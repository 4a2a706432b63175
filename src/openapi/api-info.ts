import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The security scheme every credentialed operation names. */
export const SECURITY = 'hub';

// Words and backticks, no angle brackets: the Authorize dialog renders this as HTML.
export const CREDENTIALS_DESCRIPTION =
  'The whole `Authorization` header value, parts in any order: `User` and the user secret, `Organization` and the organization secret ' +
  '(both printed once on first start, or set by HUB_USER_SECRET and HUB_ORGANIZATION_SECRET), and for calls on a connected account ' +
  '`Element` and the instance token (from POST /instances). Example: `User user-secret, Organization org-secret, Element f3Jx9Qm2WkTq7Ls1Vb8Nc4Hd6Yp0Ra5Ue`.';

export const WEBEX_ATTRIBUTION =
  'Webex schemas from the Webex OpenAPI documents (webex/webex-openapi-specs, (c) Cisco Systems, Inc., CC BY 4.0), nullable fields dropped as the hub strips nulls.';

let version: string | undefined;

/** package.json's version: beside src/ in a checkout, beside dist/ in a build or the image. */
export function hubVersion(): string {
  if (version) return version;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (version = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version);
  }
  throw new Error(`No package.json above ${__dirname}`);
}
