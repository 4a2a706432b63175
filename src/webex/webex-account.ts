import { WebexClient } from './webex.client';

/** The Webex account behind an access token. */
export interface WebexAccount {
  id: string;
  displayName?: string;
  email?: string;
  avatar?: string;
  orgId?: string;
}

interface PersonMe {
  id: string;
  type?: 'person' | 'bot' | 'appuser';
  displayName?: string;
  emails?: string[];
  avatar?: string;
  orgId?: string;
}

/**
 * Asks Webex whom an access token acts for (the element's account path, `/people/me`), and
 * whether that is a bot. Webex's refusal is the client's WebexApiException.
 */
export async function webexAccountOf(webex: WebexClient, accountPath: string, accessToken: string): Promise<{ account: WebexAccount; bot: boolean }> {
  const { body } = await webex.send<PersonMe>({ method: 'GET', path: accountPath, accessToken });
  return {
    account: { id: body.id, displayName: body.displayName, email: body.emails?.[0], avatar: body.avatar, orgId: body.orgId },
    bot: body.type === 'bot',
  };
}
