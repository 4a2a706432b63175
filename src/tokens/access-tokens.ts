import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SecretBox } from '../common/secret-box';
import { ElementsService } from '../elements/elements.service';
import { InstanceAuthorizer } from '../instances/instance-authorizer';
import { InstanceResolver } from '../instances/instance-resolver';
import { Instance } from '../instances/instance.entity';
import { WebexOAuth } from '../webex/webex-oauth.service';

/** Refresh an access token this close to its expiry before using it. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The access token a hub call should use, refreshed first when it has expired or is about to, and
 * again when Webex rejects it.
 */
@Injectable()
export class AccessTokens {
  constructor(
    @InjectRepository(Instance) private readonly instances: Repository<Instance>,
    private readonly elements: ElementsService,
    private readonly authorizer: InstanceAuthorizer,
    private readonly resolver: InstanceResolver,
    private readonly oauth: WebexOAuth,
    private readonly box: SecretBox,
  ) {}

  /** The access token for a call on `instance` (which the caller already checked is usable). */
  async forCall(instance: Instance): Promise<string> {
    const expiresAt = instance.accessTokenExpiresAt ? new Date(instance.accessTokenExpiresAt).getTime() : 0;
    if (instance.accessToken && expiresAt - EXPIRY_MARGIN_MS > Date.now()) return this.box.open(instance.accessToken);
    return this.refresh(instance);
  }

  /** Webex answered 401 to `rejected`: a fresh token, unless someone already swapped it. */
  async afterRejected(instance: Instance, rejected: string): Promise<string> {
    const current = await this.instances.findOneByOrFail({ id: instance.id });
    if (current.accessToken && this.box.open(current.accessToken) !== rejected) return this.box.open(current.accessToken);
    return this.refresh(current);
  }

  /** Refreshes now and stores the new tokens; returns the new access token. */
  async refresh(instance: Instance): Promise<string> {
    const element = this.elements.get(instance.elementKey);
    const grant = await this.oauth.refresh(this.authorizer.clientOf(element, instance), this.box.open(instance.refreshToken!));
    this.authorizer.applyGrant(element, instance, grant);
    await this.instances.save(instance);
    this.resolver.remember(instance);
    return grant.accessToken;
  }
}
