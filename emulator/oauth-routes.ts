import type { FastifyInstance, FastifyReply } from 'fastify';
import { consentPage, errorPage } from './consent-page';
import type { Emulator } from './emulator';
import { AuthorizePageError, checkAuthorize, exchangeToken, issueCode, redirectWith, RefreshTokenReused, type AuthorizeParams } from './oauth';

type Form = Record<string, string | undefined>;

/** Only string values: a repeated parameter is treated as missing rather than guessed at. */
function stringsOf(raw: unknown): Form {
  const out: Form = {};
  for (const [k, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

function paramsOf(form: Form): AuthorizeParams {
  return {
    clientId: form.client_id,
    redirectUri: form.redirect_uri,
    responseType: form.response_type,
    scope: form.scope,
    state: form.state,
    codeChallenge: form.code_challenge,
    codeChallengeMethod: form.code_challenge_method,
  };
}

function pageError(reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof AuthorizePageError)) throw error;
  return reply.code(400).type('text/html; charset=utf-8').send(errorPage(error.message));
}

/** Webex's OAuth endpoints: the consent page, its form post, and the token endpoint. */
export function registerOAuthRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.get('/v1/authorize', async (req, reply) => {
    const form = stringsOf(req.query);
    try {
      const check = checkAuthorize(emulator.store, paramsOf(form));
      if (!check.ok) return reply.redirect(check.location, 302);
      const hidden = {
        client_id: form.client_id,
        redirect_uri: form.redirect_uri,
        response_type: form.response_type,
        scope: check.scopes.join(' '),
        state: form.state,
        code_challenge: form.code_challenge,
        code_challenge_method: form.code_challenge_method,
      };
      const emails = [...emulator.store.people.values()].map((p) => p.emails[0]);
      return reply.type('text/html; charset=utf-8').send(consentPage(check.integration, check.scopes, hidden, emails));
    } catch (error) {
      return pageError(reply, error);
    }
  });

  app.post('/v1/authorize', async (req, reply) => {
    const form = stringsOf(req.body);
    const params = paramsOf(form);
    try {
      const check = checkAuthorize(emulator.store, params);
      if (!check.ok) return reply.redirect(check.location, 302);
      if (form.decision !== 'accept') {
        return reply.redirect(redirectWith(check.redirectUri, { error: 'access_denied', error_description: 'The user declined.', state: params.state }), 302);
      }
      if (!form.email || !form.email.includes('@')) return reply.code(400).type('text/html; charset=utf-8').send(errorPage('An email is required.'));
      const { location } = issueCode(emulator.store, emulator.options, params, emulator.personFor(form.email));
      return reply.redirect(location, 302);
    } catch (error) {
      return pageError(reply, error);
    }
  });

  app.post('/v1/access_token', async (req, reply) => {
    const form = stringsOf(req.body);
    if (form.grant_type) emulator.count(`POST /access_token#${form.grant_type}`);
    try {
      const body = exchangeToken(emulator.store, emulator.options, form, req.headers.authorization);
      return reply.header('Cache-Control', 'no-store').send(body);
    } catch (error) {
      if (error instanceof RefreshTokenReused) emulator.count('POST /access_token#refresh_token_reused');
      throw error;
    }
  });
}
