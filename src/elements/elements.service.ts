import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { HubConfig } from '../config/hub-config';
import { notFound } from '../common/common.exception';
import { ciscospark } from './ciscospark.element';
import { collaboration } from './collaboration.hub';
import { ElementDefinition, HubDefinition } from './element.types';
import { OAuthUrlRequestDto, OAuthUrlView } from './elements.dto';
import { ElementsErrorCode, ElementsException } from './elements.exception';

/** Every element the hub offers. */
export const ELEMENTS: ElementDefinition[] = [ciscospark];
/** Every hub an element of ELEMENTS belongs to. */
export const HUBS: HubDefinition[] = [collaboration];

@Injectable()
export class ElementsService {
  constructor(private readonly config: HubConfig) {}

  list(): ElementDefinition[] {
    return ELEMENTS;
  }

  /** By key (`ciscospark`) or numeric id, as Cloud Elements accepts both. */
  get(keyOrId: string): ElementDefinition {
    const element = ELEMENTS.find((e) => e.key === keyOrId || String(e.id) === keyOrId);
    if (!element) throw notFound('Element', keyOrId);
    return element;
  }

  hubs(): HubDefinition[] {
    return HUBS;
  }

  /** By key (`collaboration`). */
  hub(key: string): HubDefinition {
    const hub = HUBS.find((h) => h.key === key);
    if (!hub) throw notFound('Hub', key);
    return hub;
  }

  /** The elements of a hub (404 for an unknown hub). */
  elementsOf(hubKey: string): ElementDefinition[] {
    const { key } = this.hub(hubKey);
    return ELEMENTS.filter((element) => element.hub === key);
  }

  webexUrl(path: string): string {
    return `${this.config.WEBEX_API_URL.replace(/\/+$/, '')}${path}`;
  }

  oauthUrl(keyOrId: string, request: Partial<OAuthUrlRequestDto>): OAuthUrlView {
    const element = this.get(keyOrId);
    const missing = (['apiKey', 'callbackUrl'] as const).filter((field) => !request[field]);
    if (missing.length) throw new ElementsException(ElementsErrorCode.OAUTH_URL_PARAMETERS_MISSING, `Missing required parameters: ${missing.join(', ')}`);
    const generated = !request.state;
    const state = request.state || randomBytes(16).toString('base64url');
    const scope = request.scope?.trim() ? request.scope.trim().split(/[\s,]+/).join(' ') : element.oauth.defaultScopes.join(' ');
    const query = new URLSearchParams({ response_type: 'code', client_id: request.apiKey!, redirect_uri: request.callbackUrl!, scope, state });
    if (request.codeChallenge) {
      query.set('code_challenge', request.codeChallenge);
      query.set('code_challenge_method', request.codeChallengeMethod ?? 'S256');
    }
    return { oauthUrl: `${this.webexUrl(element.oauth.authorizePath)}?${query}`, element: element.key, ...(generated && { state }) };
  }
}
