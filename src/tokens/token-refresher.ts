import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HubError } from '../common/hub-error';
import { SecretBox } from '../common/secret-box';
import { HubConfig } from '../config/hub-config';
import { ElementsService } from '../elements/elements.service';
import { HubMetrics } from '../metrics/hub-metrics';
import { OAuthGrantException, WebexApiException } from '../webex/webex.exception';
import { WebexOAuth } from '../webex/webex-oauth.service';
import { InstanceToken } from './instance-token.entity';
import { RefreshOutcome, RefreshTrigger, TokenEvents } from './token-events';
import { isExternalToken, TokenGrants, TokenHolder } from './token-grants';
import { TokenStore } from './token-store';
import { TokensErrorCode, TokensException, unknownElementToken } from './tokens.exception';

/** Retry delays after transient failures double up to this. */
const MAX_RETRY_MS = 3_600_000;
/** How often a replica waiting on another's refresh looks again. */
const WAIT_STEP_MS = 50;

/**
 * Refreshes an instance's tokens so that one refresh token is never spent twice: in this process
 * concurrent requests for one instance share one promise; across processes the caller first takes
 * the row's refresh lease (TokenStore) and re-reads the tokens, so whoever finds them already
 * swapped uses them. Every outcome (new grant, dead grant, transient failure) is written by
 * compare-and-swap and frees the lease; new tokens and a dead grant are published (TokenEvents),
 * and each outcome with who asked for the refresh (`attempted`, the refresh history).
 */
@Injectable()
export class TokenRefresher {
  private readonly logger = new Logger(TokenRefresher.name);
  private readonly inFlight = new Map<number, Promise<TokenHolder>>();

  constructor(
    private readonly config: HubConfig,
    private readonly store: TokenStore,
    private readonly elements: ElementsService,
    private readonly grants: TokenGrants,
    private readonly events: TokenEvents,
    private readonly oauth: WebexOAuth,
    private readonly box: SecretBox,
    private readonly metrics: HubMetrics,
  ) {}

  /**
   * The token state newer than that of `known` (the copy the caller holds): refreshed now, or
   * swapped by someone else meanwhile. It may come back invalid: the caller checks.
   */
  refresh(known: Pick<TokenHolder, 'id' | 'tokenVersion'>, trigger: RefreshTrigger): Promise<TokenHolder> {
    return this.singleFlight(known.id, () => this.refreshOnDemand(known.id, known.tokenVersion, trigger));
  }

  /** Refreshes an instance the scheduler already claimed under `claim`. */
  async refreshClaimed(instance: TokenHolder, claim: string): Promise<TokenHolder> {
    const pending = this.inFlight.get(instance.id);
    if (pending) {
      // A hub call here is already waiting for this instance's lease: let it have it.
      await this.store.release(instance.id, claim);
      return pending;
    }
    return this.singleFlight(instance.id, () => this.refreshHolding(instance, claim, RefreshTrigger.SCHEDULER));
  }

  private singleFlight(id: number, run: () => Promise<TokenHolder>): Promise<TokenHolder> {
    const pending = this.inFlight.get(id);
    if (pending) return pending;
    const started = run()
      .then(async (holder) => {
        await this.events.publish('refreshed', holder);
        return holder;
      })
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, started);
    return started;
  }

  private async refreshOnDemand(id: number, knownVersion: number, trigger: RefreshTrigger): Promise<TokenHolder> {
    const deadline = Date.now() + this.config.HUB_REFRESH_LEASE_MS + this.config.WEBEX_TIMEOUT_MS;
    for (let attempt = 0; ; attempt++) {
      const claim = await this.store.tryClaim(id, this.config.HUB_REFRESH_LEASE_MS);
      const current = await this.store.read(id);
      if (!current) throw unknownElementToken();
      const alreadySwapped = current.tokenVersion !== knownVersion || !current.valid;
      if (claim && alreadySwapped) await this.store.release(id, claim);
      if (alreadySwapped) return current;
      if (claim) return this.refreshHolding(current, claim, trigger);
      // Another replica holds the lease: its new tokens show up as a new version.
      if (Date.now() > deadline) {
        throw new TokensException(TokensErrorCode.TOKEN_REFRESH_BUSY, `The tokens of instance ${id} are being refreshed elsewhere; try again shortly`);
      }
      await sleep(Math.min(WAIT_STEP_MS * (attempt + 1), 500));
    }
  }

  /** Calls the token endpoint for `current` while holding its lease, and stores the outcome. */
  private async refreshHolding(current: TokenHolder, claim: string, trigger: RefreshTrigger): Promise<TokenHolder> {
    const element = this.elements.get(current.elementKey);
    // A token a client brought cannot be refreshed: asked to, it has expired or Webex refused it.
    if (isExternalToken(current)) return this.invalidate(current, externalTokenEnd(current), trigger);
    if (!current.refreshToken) return this.invalidate(current, 'no refresh token is stored', trigger);
    // Past its stored deadline the refresh token is still tried: Webex may have moved the deadline, and says if it is gone.
    let next: TokenHolder;
    try {
      const grant = await this.oauth.refresh(this.grants.clientOf(element, current), this.box.open(current.refreshToken));
      next = Object.assign(new InstanceToken(), current);
      this.grants.apply(element, next, grant);
    } catch (error) {
      if (error instanceof OAuthGrantException && error.permanent) {
        const deadline = current.refreshTokenExpiresAt && new Date(current.refreshTokenExpiresAt).getTime() <= Date.now() ? '; its lifetime had ended' : '';
        return this.invalidate(current, `Webex refused the refresh token (${error.oauthError}: ${error.extra.providerMessage ?? 'no reason given'})${deadline}`, trigger, error.oauthError);
      }
      const retryInMs = this.retryDelay(current.refreshFailures);
      await this.store.recordFailure(current.id, claim, failureText(error), retryInMs);
      this.metrics.refreshed('failed');
      await this.events.publish('attempted', { id: current.id, outcome: RefreshOutcome.FAILED_RETRYING, trigger, webexCode: webexCodeOf(error) });
      this.logger.warn({ instanceId: current.id, failures: current.refreshFailures + 1, retryInMs: Math.round(retryInMs), error: failureText(error) }, 'Token refresh failed; will retry');
      throw error;
    }
    if (await this.store.swap(current.id, current.tokenVersion, next)) {
      this.logger.debug({ instanceId: current.id, tokenVersion: next.tokenVersion }, 'Tokens refreshed');
      this.metrics.refreshed('refreshed');
      await this.events.publish('attempted', { id: current.id, outcome: RefreshOutcome.REFRESHED, trigger, webexCode: null });
      return next;
    }
    // Re-authorized while we were refreshing: the stored tokens are the ones to use.
    await this.store.release(current.id, claim);
    return (await this.store.read(current.id)) ?? current;
  }

  /** The grant is gone for good: stop scheduling, refuse hub calls with 401, tell listeners (events). */
  private async invalidate(current: TokenHolder, reason: string, trigger: RefreshTrigger, webexCode: string | null = null): Promise<TokenHolder> {
    if (!(await this.store.invalidate(current.id, current.tokenVersion, reason))) return (await this.store.read(current.id)) ?? current;
    this.metrics.refreshed('invalidated');
    await this.events.publish('attempted', { id: current.id, outcome: RefreshOutcome.INVALIDATED, trigger, webexCode });
    const invalid = (await this.store.read(current.id)) ?? current;
    this.logger.warn({ instanceId: current.id, reason }, 'Instance grant is no longer valid');
    await this.events.publish('invalidated', invalid);
    return invalid;
  }

  /** Exponential with full jitter over its upper half, so a fleet that failed together spreads out. */
  private retryDelay(failuresSoFar: number): number {
    const ceiling = Math.min(MAX_RETRY_MS, this.config.HUB_REFRESH_RETRY_BASE_MS * 2 ** Math.min(failuresSoFar, 20));
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }
}

/** Why an instance created from a token is no longer usable. */
function externalTokenEnd(current: TokenHolder): string {
  const expired = current.accessTokenExpiresAt && new Date(current.accessTokenExpiresAt).getTime() <= Date.now();
  return expired ? 'the access token reached the end of its lifetime (a personal access token lives 12 hours)' : 'Webex no longer accepts the access token';
}

/** Webex's code for a failed refresh: the OAuth error, the HTTP status it answered, or the hub's code when it did not answer. */
function webexCodeOf(error: unknown): string | null {
  if (error instanceof OAuthGrantException) return error.oauthError;
  if (error instanceof WebexApiException) return String(error.status);
  return error instanceof HubError ? error.code : null;
}

/** What `lastRefreshError` says: status and Webex's message, never a token. */
function failureText(error: unknown): string {
  if (error instanceof HubError) return [error.message, error.extra.providerMessage].filter(Boolean).join(': ');
  return error instanceof Error ? error.message : String(error);
}
