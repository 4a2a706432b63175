import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse as parseQuery } from 'fast-querystring';
import type { RawServerDefault } from 'fastify';
import { CommonErrorCode, CommonException } from '../common/common.exception';
import { assertAcceptableBody } from './body-depth';

/**
 * Nest's two body parsers but for two things: bodies are checked for depth and unstorable text as
 * they are parsed, rather than in a hook that every request (every GET too) would run; and JSON
 * with no bytes at all is no body rather than a 400, since Cloud Elements' clients send
 * `Content-Type: application/json` on their body-less DELETE, PUT and POST calls.
 */
export function registerBodyParsers(app: NestFastifyApplication, bodyLimit: number): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  const limit = { bodyLimit };
  app.useBodyParser<RawServerDefault>('application/json', limit, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    parseJson(request, body.toString(), (error, value) => {
      // Fastify's own message; as a hub error, so it keeps its code rather than becoming Nest's 400.
      if (error) return done(new CommonException(CommonErrorCode.INVALID_JSON, error.message));
      try {
        assertAcceptableBody(value);
        done(null, value);
      } catch (bodyError) {
        done(bodyError as Error);
      }
    });
  });
  app.useBodyParser('application/x-www-form-urlencoded', limit, (_request, body, done) => {
    const value = parseQuery(body.toString());
    try {
      assertAcceptableBody(value);
      done(null, value);
    } catch (bodyError) {
      done(bodyError as Error);
    }
  });
}
