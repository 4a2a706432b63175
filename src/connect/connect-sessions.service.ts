import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import type { Credentials } from '../auth/auth.guard';
import { CommonErrorCode, CommonException, notFound } from '../common/common.exception';
import { SecretBox } from '../common/secret-box';
import { newSecret, sha256Hex } from '../common/secrets';
import { integrationOf } from '../config/default-integration';
import { apiPath, HubConfig } from '../config/hub-config';
import { PublicUrl } from '../config/public-url';
import { ElementsService } from '../elements/elements.service';
import { configurationReader } from '../instances/instance-configuration';
import { InstanceView } from '../instances/instances.dto';
import { InstancesService } from '../instances/instances.service';
import { withAccountScope } from './connect-scopes';
import { ConnectSession } from './connect-session.entity';
import { ConnectSessionCreatedView, ConnectSessionView, CreateConnectSessionDto, DEFAULT_EXPIRES_IN } from './connect.dto';
import { ConnectErrorCode, ConnectException } from './connect.exception';

/** Where the end user's pages live: `<hub>/elements/api-v2/connect/{key}`, and the hub's redirect URI below it. */
export const CONNECT_PATH = apiPath('connect');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the callback creates: `POST /instances`'s body, less the grant the end user brings. */
export type ConnectRequest = Pick<CreateConnectSessionDto, 'element' | 'name' | 'tags' | 'cachingEnabled' | 'cacheTimeToLive' | 'maxCacheSize'> & { configuration: Record<string, string> };

/** The application's side of connect sessions: create one, read its status, redeem its instance once. */
@Injectable()
export class ConnectSessions {
  constructor(
    private readonly config: HubConfig,
    private readonly publicUrl: PublicUrl,
    private readonly box: SecretBox,
    private readonly elements: ElementsService,
    private readonly instances: InstancesService,
    @InjectRepository(ConnectSession) private readonly sessions: Repository<ConnectSession>,
  ) {}

  /** The hub's own redirect URI, which the Webex integration must list. */
  get callbackUrl(): string {
    return `${this.publicUrl.value}${CONNECT_PATH}/oauth/callback`;
  }

  /** Checks everything first (the configuration as `POST /instances` would), then stores the session. */
  async create(caller: Credentials, dto: CreateConnectSessionDto): Promise<ConnectSessionCreatedView> {
    checkReturnUrl(dto.returnUrl);
    const plan = dto.instanceId === undefined ? await this.creating(dto) : await this.reauthorizing(caller, dto, dto.instanceId);
    const key = newSecret();
    const session = this.sessions.create({
      ...plan,
      id: randomUUID(),
      organizationId: caller.organization.id,
      userId: caller.user.id,
      linkHash: sha256Hex(key),
      returnUrl: dto.returnUrl,
      status: 'PENDING',
      expiresAt: new Date(Date.now() + (dto.expiresIn ?? DEFAULT_EXPIRES_IN) * 1000),
    });
    await this.sessions.insert(session);
    return { id: session.id, url: `${this.publicUrl.value}${CONNECT_PATH}?token=${key}`, expiresAt: session.expiresAt.toISOString() };
  }

  async status(caller: Credentials, id: string): Promise<ConnectSessionView> {
    return sessionView(await this.find(caller, id));
  }

  /** The instance with its token, exactly once; a re-authorized instance keeps the token the application holds. */
  async redeem(caller: Credentials, id: string): Promise<InstanceView> {
    const session = await this.find(caller, id);
    const status = sessionView(session).status;
    if (status !== 'CONNECTED' || session.instanceId === null) throw new ConnectException(ConnectErrorCode.CONNECT_NOT_REDEEMABLE, `Connect session ${session.id} is ${status}: there is no instance to redeem`);
    // One statement claims the token and clears it, so two redeems cannot both receive it.
    const result: unknown = await this.sessions.query(
      `UPDATE connect_sessions s SET redeemed_at = now(), instance_token = NULL
       FROM (SELECT id, instance_token FROM connect_sessions WHERE id = $1 FOR UPDATE) old
       WHERE s.id = old.id AND s.redeemed_at IS NULL RETURNING old.instance_token AS token`,
      [session.id],
    );
    const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as { token: string | null }[];
    if (rows.length === 0) throw new ConnectException(ConnectErrorCode.CONNECT_NOT_REDEEMABLE, `Connect session ${session.id} was already redeemed`);
    const view = await this.instances.get(caller, session.instanceId);
    return rows[0].token ? { ...view, token: this.box.open(rows[0].token) } : view;
  }

  private async creating(dto: CreateConnectSessionDto) {
    if (!dto.element) throw invalid('Name the element of the instance to create (element.key) or the instance to re-authorize (instanceId)');
    const { element, config } = await this.instances.checkNew({ element: dto.element, configuration: dto.configuration ?? {} });
    const integration = integrationOf(this.config, { clientId: config['oauth.api.key'], clientSecret: config['oauth.api.secret'] });
    if (!integration) {
      throw new ConnectException(ConnectErrorCode.CONNECT_CLIENT_MISSING, 'Give the Webex integration in the configuration (oauth.api.key and oauth.api.secret): the hub has no default integration (HUB_CONSOLE_CLIENT_ID)');
    }
    const { clientId, clientSecret } = integration;
    const scope = withAccountScope(dto.scopes?.join(' ') || config['oauth.scope'] || element.oauth.defaultScopes.join(' '));
    const request: ConnectRequest = {
      element: { key: element.key },
      name: dto.name,
      tags: dto.tags,
      cachingEnabled: dto.cachingEnabled,
      cacheTimeToLive: dto.cacheTimeToLive,
      maxCacheSize: dto.maxCacheSize,
      configuration: { ...config, 'oauth.api.key': clientId, 'oauth.api.secret': clientSecret, 'oauth.scope': scope },
    };
    return { elementKey: element.key, reauthorize: false, instanceId: null, request: this.box.seal(JSON.stringify(request)), clientId, scope };
  }

  private async reauthorizing(caller: Credentials, dto: CreateConnectSessionDto, instanceId: number) {
    const extra = (['element', 'name', 'tags', 'configuration'] as const).filter((key) => dto[key] !== undefined);
    if (extra.length) throw invalid(`instanceId re-authorizes an instance as it is: leave out ${extra.join(', ')}`);
    const instance = await this.instances.find(caller, instanceId);
    const element = this.elements.get(instance.elementKey);
    const read = configurationReader(element, instance, this.box);
    const clientId = read('oauth.api.key');
    if (!clientId || !read('oauth.api.secret')) {
      throw new ConnectException(ConnectErrorCode.CONNECT_NOT_REAUTHORIZABLE, `Instance ${instance.id} has no Webex integration (oauth.api.key and oauth.api.secret) to re-authorize with`);
    }
    const scope = withAccountScope(dto.scopes?.join(' ') || read('oauth.scope') || element.oauth.defaultScopes.join(' '));
    return { elementKey: element.key, reauthorize: true, instanceId: instance.id, request: null, clientId, scope };
  }

  /** A session of the caller's: its own, or any of the organization's for an admin. */
  private async find(caller: Credentials, id: string): Promise<ConnectSession> {
    if (!UUID.test(id)) throw new CommonException(CommonErrorCode.INVALID_ID, 'Invalid connect session id: expected a UUID');
    const session = await this.sessions.findOneBy({ id, organizationId: caller.organization.id, ...(caller.user.role !== 'admin' && { userId: caller.user.id }) });
    if (!session) throw notFound('Connect session', id);
    return session;
  }
}

/** A pending session past its time reads as EXPIRED, whether or not a page marked it. */
export function sessionView(session: ConnectSession, now = Date.now()): ConnectSessionView {
  const expired = session.status === 'PENDING' && new Date(session.expiresAt).getTime() <= now;
  return {
    id: session.id,
    status: expired ? 'EXPIRED' : session.status,
    ...(session.instanceId !== null && { instanceId: session.instanceId }),
    ...(expired ? { reason: 'The link expired before the Webex account was connected' } : session.reason && { reason: session.reason }),
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}

/** What the validator let through must also be a URL the flow can add its parameter to. */
function checkReturnUrl(value: string): void {
  const protocol = URL.canParse(value) ? new URL(value).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:') throw invalid('returnUrl must be an absolute http(s) URL');
}

function invalid(message: string): CommonException {
  return new CommonException(CommonErrorCode.VALIDATION_FAILED, message);
}
