import { Injectable } from '@nestjs/common';
import { HubException } from '../common/hub.exception';
import { SecretBox } from '../common/secret-box';
import { InstanceResolver } from '../instances/instance-resolver';
import { Instance } from '../instances/instance.entity';
import { TokenRefresher } from './token-refresher';
import { TokenStore } from './token-store';

/** Refresh an access token this close to its expiry before using it. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The access token a hub call should use, refreshed first when it has expired or is about to, and
 * again when Webex rejects it. Refreshes are single-flight within the process and across replicas
 * (TokenRefresher).
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly refresher: TokenRefresher,
    private readonly store: TokenStore,
    private readonly resolver: InstanceResolver,
    private readonly box: SecretBox,
  ) {}

  /** Sealed access token -> opened: a hub call then costs no decryption (bounded; tokens change rarely). */
  private readonly opened = new Map<string, string>();

  private open(sealed: string): string {
    let token = this.opened.get(sealed);
    if (token === undefined) {
      if (this.opened.size >= 10_000) this.opened.clear();
      token = this.box.open(sealed);
      this.opened.set(sealed, token);
    }
    return token;
  }

  /** The access token for a call on `instance` (which the caller already checked is usable). */
  async forCall(instance: Instance): Promise<string> {
    const expiresAt = instance.accessTokenExpiresAt ? new Date(instance.accessTokenExpiresAt).getTime() : 0;
    if (instance.accessToken && expiresAt - EXPIRY_MARGIN_MS > Date.now()) return this.open(instance.accessToken);
    try {
      return await this.refresh(instance);
    } catch (error) {
      // Webex's token endpoint is down but the token we hold still works for a while: use it.
      const stillValid = instance.accessToken && expiresAt > Date.now();
      if (stillValid && !(error instanceof HubException && (error.status === 401 || error.status === 403))) return this.box.open(instance.accessToken!);
      throw error;
    }
  }

  /** Webex answered 401 to `rejected`: a fresh token, unless someone already swapped it. */
  async afterRejected(instance: Instance, rejected: string): Promise<string> {
    const current = (await this.store.read(instance.id)) ?? instance;
    this.resolver.assertUsable(current);
    if (current.accessToken && this.box.open(current.accessToken) !== rejected) {
      this.resolver.remember(current);
      return this.box.open(current.accessToken);
    }
    return this.refresh(current);
  }

  /** Refreshes unless someone else did since `instance` was read; returns the new access token. */
  async refresh(instance: Instance): Promise<string> {
    const current = await this.refresher.refresh(instance);
    this.resolver.assertUsable(current);
    return this.box.open(current.accessToken!);
  }
}
