import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { User } from '../auth/user.entity';
import { notFound } from '../common/common.exception';
import { HubError } from '../common/hub-error';
import { SecretBox } from '../common/secret-box';
import { newSecret, sha256Hex } from '../common/secrets';
import { ElementsService } from '../elements/elements.service';
import { InstanceView } from '../instances/instances.dto';
import { InstancesService } from '../instances/instances.service';
import { ScopeWords, scopeWords } from './connect-scopes';
import { ConnectOutcomes } from './connect-outcomes';
import { ConnectSession } from './connect-session.entity';
import { ConnectRequest, ConnectSessions } from './connect-sessions.service';

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

/** The page a step of the end user's path ends on. */
export type ConnectPage =
  | { page: 'start'; key: string; application: string; scopes: ScopeWords[]; reauthorize: boolean; expiresAt: Date }
  | { page: 'connected'; instance: InstanceView; returnTo: string; application: string }
  | { page: 'ended'; status: number; title: string; message: string; returnTo?: string };

const GONE = 410;
const EXPIRED = { title: 'This link has expired', message: 'Connect links work for a limited time, and this one has run out. Nothing was connected; ask the application for a new link.' };

/**
 * The end user's path: the start page (no hub account), the trip to Webex's consent page with a
 * single-use state bound to the session and to the browser's cookie and PKCE S256, and the hub's
 * callback, which creates or re-authorizes the instance. Every other ending is a page that says
 * what happened, with the session's status saying it too.
 */
@Injectable()
export class ConnectFlow {
  private readonly logger = new Logger(ConnectFlow.name);

  constructor(
    private readonly box: SecretBox,
    private readonly elements: ElementsService,
    private readonly instances: InstancesService,
    private readonly connect: ConnectSessions,
    private readonly outcomes: ConnectOutcomes,
    @InjectRepository(ConnectSession) private readonly sessions: Repository<ConnectSession>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  /** The start page of the link, or why it cannot start. */
  async open(key: string | undefined): Promise<ConnectPage> {
    const found = await this.pending(key);
    if ('page' in found) return found;
    const owner = await this.users.findOne({ where: { id: found.userId }, relations: { organization: true } });
    return { page: 'start', key: key!, application: owner?.organization?.name ?? 'An application', scopes: scopeWords(found.scope), reauthorize: found.reauthorize, expiresAt: found.expiresAt };
  }

  /** The button: a fresh state and verifier for this browser, and Webex's authorize URL; or a page. */
  async start(key: string | undefined, browser: string | undefined): Promise<string | ConnectPage> {
    const found = await this.pending(key);
    if ('page' in found) return found;
    if (!browser) return ended(400, 'Cookies are needed', 'Your browser did not send back the cookie this page set, so the sign-in could not be tied to it. Allow cookies for this site and open the link again.');
    const state = newSecret();
    const verifier = newSecret(48);
    const started = await this.sessions.update(
      { id: found.id, status: 'PENDING', callbackAt: IsNull() },
      { stateHash: sha256Hex(state), browserHash: sha256Hex(browser), codeVerifier: this.box.seal(verifier) },
    );
    if (started.affected !== 1) return this.finished(found);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    return this.elements.oauthUrl(found.elementKey, { apiKey: found.clientId, callbackUrl: this.connect.callbackUrl, scope: found.scope, state, codeChallenge: challenge, codeChallengeMethod: 'S256' }).oauthUrl;
  }

  /** Webex sends the browser back here: the state must be unused, this session's and this browser's. */
  async callback(query: CallbackQuery, browser: string | undefined): Promise<ConnectPage> {
    if (!query.state) return ended(400, 'Sign-in not recognized', 'Webex sent the browser back without the state this hub sent, so it cannot be matched to a connect link. Nothing was created.');
    const session = await this.sessions.findOneBy({ stateHash: sha256Hex(query.state) });
    if (!session) return this.mismatched(browser);
    const returnTo = returnUrlOf(session);
    if (session.callbackAt || session.status !== 'PENDING') return ended(409, 'This sign-in was already used', 'A sign-in from Webex works once, and this one has been used. Nothing more was done.', returnTo);
    if (!browser || sha256Hex(browser) !== session.browserHash) {
      await this.outcomes.end(session, 'FAILED', 'The sign-in came back to a browser other than the one that started it', { callbackAt: new Date() });
      return ended(403, 'Finish in the browser you started in', 'This sign-in was started in another browser (or this browser lost the cookie of the connect page), so it was refused. Nothing was created; ask for a new link.', returnTo);
    }
    if (new Date(session.expiresAt).getTime() <= Date.now()) return this.expire(session);
    // Claim the state before the slow code exchange, so two callbacks cannot both use it.
    const verifier = session.codeVerifier;
    const claimed = await this.sessions.update({ id: session.id, status: 'PENDING', callbackAt: IsNull() }, { callbackAt: new Date(), codeVerifier: null });
    if (claimed.affected !== 1 || !verifier) return ended(409, 'This sign-in was already used', 'A sign-in from Webex works once, and this one has been used. Nothing more was done.', returnTo);
    if (query.error === 'access_denied') {
      await this.outcomes.end(session, 'DECLINED', 'The end user declined at Webex');
      return ended(200, 'Access not granted', 'You declined to give access to your Webex account. Nothing was connected.', returnTo);
    }
    if (query.error || !query.code) {
      const reason = `Webex did not grant access (${(query.error_description ?? query.error ?? 'no code').slice(0, 200)})`;
      await this.outcomes.end(session, 'FAILED', reason);
      return ended(502, 'Webex did not grant access', `${reason}. Nothing was connected.`, returnTo);
    }
    return this.connectAccount(session, query.code, this.box.open(verifier));
  }

  private async connectAccount(session: ConnectSession, code: string, codeVerifier: string): Promise<ConnectPage> {
    const returnTo = returnUrlOf(session);
    const user = await this.users.findOne({ where: { id: session.userId }, relations: { organization: true } });
    try {
      const caller = { user: user!, organization: user!.organization! };
      let instance: InstanceView;
      if (session.reauthorize) {
        // Deleted since the session began: the row's instance_id was cleared with it.
        if (session.instanceId === null) throw notFound('Instance');
        instance = await this.instances.reauthorize(caller, session.instanceId, { code, codeVerifier }, this.connect.callbackUrl);
        await this.outcomes.end(session, 'CONNECTED', null);
      } else {
        const request = JSON.parse(this.box.open(session.request!)) as ConnectRequest;
        instance = await this.instances.create(caller, { ...request, providerData: { code, codeVerifier }, configuration: { ...request.configuration, 'oauth.callback.url': this.connect.callbackUrl } });
        await this.outcomes.end(session, 'CONNECTED', null, { instanceId: instance.id, instanceToken: this.box.seal(instance.token), request: null });
      }
      return { page: 'connected', instance, returnTo, application: caller.organization.name };
    } catch (error) {
      // The state is spent either way: the session ends FAILED rather than pending until it expires.
      const known = error instanceof HubError;
      await this.outcomes.end(session, 'FAILED', known ? `The account could not be connected: ${error.message}`.slice(0, 500) : 'The hub could not finish connecting the account');
      if (!known) throw error;
      this.logger.warn(`Connect session ${session.id} failed: ${error.code}`);
      return ended(502, 'The account could not be connected', `${error.message}. Nothing was created; ask for a new link.`, returnTo);
    }
  }

  /** A pending session of the link, or the page that says why there is none. */
  private async pending(key: string | undefined): Promise<ConnectSession | ConnectPage> {
    const session = key ? await this.sessions.findOneBy({ linkHash: sha256Hex(key) }) : null;
    if (!session) return ended(404, 'Link not found', 'This connect link is not valid. Check that it was copied whole, or ask the application for a new one.');
    if (session.status !== 'PENDING' || session.callbackAt) return this.finished(session);
    if (new Date(session.expiresAt).getTime() <= Date.now()) return this.expire(session);
    return session;
  }

  private async finished(session: ConnectSession): Promise<ConnectPage> {
    const fresh = (await this.sessions.findOneBy({ id: session.id })) ?? session;
    if (fresh.status === 'EXPIRED') return ended(GONE, EXPIRED.title, EXPIRED.message, returnUrlOf(fresh));
    const message = fresh.status === 'CONNECTED' ? 'A Webex account was already connected through this link. There is nothing more to do here.' : 'This link was already used and has ended. Ask the application for a new one.';
    return ended(GONE, 'This link was already used', message, returnUrlOf(fresh));
  }

  private async expire(session: ConnectSession): Promise<ConnectPage> {
    await this.outcomes.expire(session);
    return ended(GONE, EXPIRED.title, EXPIRED.message, returnUrlOf(session));
  }

  /** A state no session sent: the session this browser last started (if any) fails, as it cannot finish now. */
  private async mismatched(browser: string | undefined): Promise<ConnectPage> {
    const started = browser ? await this.sessions.findOne({ where: { browserHash: sha256Hex(browser), status: 'PENDING', callbackAt: IsNull() }, order: { createdAt: 'DESC' } }) : null;
    if (started?.stateHash) await this.outcomes.end(started, 'FAILED', 'Webex sent back a state this session did not send', { callbackAt: new Date() });
    return ended(400, 'Sign-in not recognized', 'Webex sent the browser back with a state this hub did not send (or one that was replaced by a newer attempt). Nothing was created.', started ? returnUrlOf(started) : undefined);
  }
}

function ended(status: number, title: string, message: string, returnTo?: string): ConnectPage {
  return { page: 'ended', status, title, message, returnTo };
}

/** `returnUrl` with `connectSession=<id>` added to its query. */
export function returnUrlOf(session: Pick<ConnectSession, 'id' | 'returnUrl'>): string {
  const url = new URL(session.returnUrl);
  url.searchParams.set('connectSession', session.id);
  return url.toString();
}
