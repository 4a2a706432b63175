import { RequestMethod } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX } from '../config/hub-config';
import { buildApiDocument } from '../openapi/api-document';

/** The routes outside the API prefix: the landing page, health, metrics, docs, console and OAuth callback pages. */
const UNPREFIXED = ['/', 'health', 'health/live', 'health/ready', 'metrics', 'docs', 'console', 'callback'].map((path) => ({ path, method: RequestMethod.GET }));

/** Nest's routes under the one API prefix. */
export function useApiPrefix(app: NestFastifyApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED });
}

/** `/docs` and `/docs-json`, built when first asked for, not at start: the hub starts without scanning its routes for it. */
export function setupApiDocs(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildApiDocument(app), { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false, customSiteTitle: 'Element Hub' });
}
