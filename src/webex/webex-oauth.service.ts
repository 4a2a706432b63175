import { Injectable } from '@nestjs/common';
import { WebexClient } from './webex.client';
import { OAuthGrantException, WebexApiException } from './webex.exception';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface TokenGrant {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshToken: string;
  /** Seconds; Webex always sends it, but a grant without one is treated as not expiring. */
  refreshTokenExpiresIn?: number;
}

interface TokenResponse {
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

/** Webex's token endpoint: authorization-code exchange and refresh. */
@Injectable()
export class WebexOAuth {
  constructor(private readonly webex: WebexClient) {}

  exchangeCode(client: ClientCredentials, code: string, redirectUri: string, codeVerifier?: string): Promise<TokenGrant> {
    return this.grant(client, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      ...(codeVerifier && { code_verifier: codeVerifier }),
    });
  }

  refresh(client: ClientCredentials, refreshToken: string): Promise<TokenGrant> {
    return this.grant(client, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  private async grant(client: ClientCredentials, form: Record<string, string>): Promise<TokenGrant> {
    try {
      const { body } = await this.webex.send<TokenResponse>({
        method: 'POST',
        path: '/access_token',
        form: { ...form, client_id: client.clientId, client_secret: client.clientSecret },
      });
      if (!body?.access_token || !body.refresh_token || typeof body.expires_in !== 'number') {
        throw new OAuthGrantException('invalid_response', 502, 'Webex token response lacks access_token, refresh_token or expires_in');
      }
      return {
        accessToken: body.access_token,
        expiresIn: body.expires_in,
        refreshToken: body.refresh_token,
        refreshTokenExpiresIn: body.refresh_token_expires_in,
      };
    } catch (error) {
      // 4xx from the token endpoint is a refusal of the grant; 5xx and timeouts stay transient.
      if (error instanceof WebexApiException && error.status >= 400 && error.status < 500 && error.status !== 429) {
        throw new OAuthGrantException(oauthErrorCode(error), error.status, error.extra.providerMessage ?? 'refused', error.extra.trackingId);
      }
      throw error;
    }
  }
}

function oauthErrorCode(error: WebexApiException): string {
  const code = (error.upstreamBody as { error?: unknown } | undefined)?.error;
  if (typeof code === 'string' && code) return code;
  return error.status === 401 ? 'invalid_client' : 'invalid_request';
}
