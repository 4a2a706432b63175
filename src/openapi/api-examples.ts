import type { Type } from '@nestjs/common';
import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CreateUserDto, OrganizationSecretView, OrganizationView, UserView, UserWithSecretView } from '../auth/auth.dto';
import { ciscospark } from '../elements/ciscospark.element';
import { collaboration } from '../elements/collaboration.hub';
import { configurationView, elementSummary, elementView, hubView, metadataView } from '../elements/element-views';
import { ConfigurationKeyView, ElementMetadataView, ElementView, HubView, OAuthUrlRequestDto, OAuthUrlView } from '../elements/elements.dto';
import { EventView, EventWebhooksView } from '../events/events.dto';
import { configurationEntry } from '../instances/instance-configuration';
import { ConfigurationEntryView, CreateInstanceDto, InstanceView, PatchConfigurationDto, PatchInstanceDto, ReplaceInstanceDto, TokenRefreshView } from '../instances/instances.dto';
import { RefreshOutcome, RefreshTrigger } from '../tokens/token-events';

// The README walkthrough's values: Ada connects her Webex account as instance 1 of the admin.
const CALLBACK = 'http://localhost:3000/callback';
const TOKEN = 'f3Jx9Qm2WkTq7Ls1Vb8Nc4Hd6Yp0Ra5Ue';
/** The real element, shown cut to one configuration key and one resource. */
const element = elementView(ciscospark);
const configuration = { 'oauth.api.key': 'emulator-client-id', 'oauth.api.secret': 'your-integration-client-secret', 'oauth.callback.url': CALLBACK };
const admin: UserView = { id: 1, email: 'admin@localhost', role: 'admin', organizationId: 1, createdDate: '2026-12-01T09:00:00.000Z' };
const instance: InstanceView = {
  id: 1,
  name: "Ada's Webex",
  token: TOKEN,
  element: elementSummary(ciscospark),
  elementId: 1,
  user: { id: 1, emailAddress: 'admin@localhost', firstName: 'Hub', lastName: 'Admin' },
  configuration: { ...configuration, 'oauth.api.key': '********', 'oauth.api.secret': '********', 'oauth.scope': 'spark:all spark:kms', 'filter.response.nulls': 'true', 'pagination.max': '100' },
  tags: ['demo'],
  valid: true,
  disabled: false,
  eventsEnabled: false,
  externalAuthentication: 'none',
  cachingEnabled: false,
  cacheTimeToLive: 0,
  maxCacheSize: 0,
  traceLoggingEnabled: false,
  provisionInteractions: [],
  createdDate: '2026-12-01T09:05:00.000Z',
  updatedDate: '2026-12-01T09:05:00.000Z',
  displayName: 'Ada Lovelace',
  email: 'ada@example.com',
  account: { id: 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hZGE', displayName: 'Ada Lovelace', email: 'ada@example.com' },
  lastRefreshDate: '2026-12-01T09:05:00.000Z',
  nextRefreshDate: '2026-12-14T09:05:00.000Z',
};
const event: EventView = {
  id: '5b0c2f0e-8a43-4d7c-9a51-6f2e1d3c4b5a',
  eventDate: '2026-12-01T09:09:59.000Z',
  instanceId: 1,
  objectType: 'messages',
  objectId: 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTJkYjNiZTAtNDNiZC0xMWU2LThhZTktZGQ1YjNkZmM1NjVk',
  eventType: 'CREATED',
  vendorEvent: 'created',
  status: 'NOTIFIED',
  attempts: 1,
  lastError: null,
  lastStatus: 200,
  receivedDate: '2026-12-01T09:10:00.000Z',
  nextAttemptDate: null,
  deliveredDate: '2026-12-01T09:10:01.000Z',
  providerData: '{"id":"Y2lzY29zcGFyazovL3VzL1dFQkhPT0svOTZhYmMyYWE","resource":"messages","event":"created","data":{"id":"Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTJkYjNiZTAtNDNiZC0xMWU2LThhZTktZGQ1YjNkZmM1NjVk","created":"2026-12-01T09:09:59.000Z"}}',
};

/** One example of a DTO or view, checked against its type. */
const example = <T>(type: Type<T>, value: T): [string, unknown] => [type.name, value];

/** Examples by component name: what the document's bodies and answers show. */
export const EXAMPLES: Record<string, unknown> = Object.fromEntries([
  example(UserView, admin),
  example(CreateUserDto, { email: 'dev@example.com', firstName: 'Dev', role: 'user' }),
  example(UserWithSecretView, { ...admin, id: 2, email: 'dev@example.com', firstName: 'Dev', role: 'user', secret: 'mZ3k8Qw1Lr5Tn0Vb7Xc2Hd9Yp4Ra6Ue' }),
  example(OrganizationView, { id: 1, name: 'Default organization', createdDate: '2026-12-01T09:00:00.000Z' }),
  example(OrganizationSecretView, { id: 1, name: 'Default organization', createdDate: '2026-12-01T09:00:00.000Z', secret: 'q7Wm2Xk9Lt4Nr1Vc8Bd5Hy0Pa3Re6Uf' }),
  example(ElementView, { ...element, configuration: element.configuration.slice(0, 1), resources: element.resources.slice(0, 1) }),
  example(ConfigurationKeyView, configurationView(ciscospark)[0]),
  example(ElementMetadataView, metadataView(ciscospark, false)),
  example(HubView, hubView(collaboration)),
  example(OAuthUrlRequestDto, { apiKey: 'emulator-client-id', apiSecret: 'your-integration-client-secret', callbackUrl: CALLBACK, state: 'demo' }),
  example(OAuthUrlView, {
    oauthUrl: `http://127.0.0.1:4010/v1/authorize?response_type=code&client_id=emulator-client-id&redirect_uri=${encodeURIComponent(CALLBACK)}&scope=spark%3Aall%20spark%3Akms&state=demo`,
    element: 'ciscospark',
  }),
  example(CreateInstanceDto, { element: { key: 'ciscospark' }, providerData: { code: 'NjM5ZDQ0YjMtZjU1Ny00ZDRi' }, configuration, tags: ['demo'], name: "Ada's Webex" }),
  example(ReplaceInstanceDto, { providerData: { code: 'NjM5ZDQ0YjMtZjU1Ny00ZDRi' }, configuration, tags: ['demo'], name: "Ada's Webex" }),
  example(PatchInstanceDto, { name: "Ada's Webex (sales)", tags: ['demo', 'sales'] }),
  example(InstanceView, instance),
  example(ConfigurationEntryView, configurationEntry(ciscospark, {}, 'pagination.max')),
  example(TokenRefreshView, { date: '2026-12-01T09:48:00.000Z', outcome: RefreshOutcome.REFRESHED, trigger: RefreshTrigger.SCHEDULER }),
  example(PatchConfigurationDto, { propertyValue: 50 }),
  example(EventView, event),
  example(EventWebhooksView, {
    active: true,
    webhooks: [{ id: 'Y2lzY29zcGFyazovL3VzL1dFQkhPT0svOTZhYmMyYWE', resource: 'messages', status: 'active' }],
    lastError: null,
    lastErrorDate: null,
    checkedDate: '2026-12-01T09:15:00.000Z',
  }),
]);

type Content = { schema?: SchemaObject | ReferenceObject; example?: unknown; examples?: unknown };

/** The example of a schema that names a component (or an array of one), if there is one. */
export function exampleOf(schema: SchemaObject | ReferenceObject | undefined, examples: Record<string, unknown> = EXAMPLES): unknown {
  if (!schema) return undefined;
  if ('$ref' in schema) return examples[schema.$ref.replace('#/components/schemas/', '')];
  if (schema.type === 'array') {
    const item = exampleOf(schema.items, examples);
    return item === undefined ? undefined : [item];
  }
  return schema.example;
}

/** Puts the example of its schema on every request body and answer that has none yet. */
export function describeExamples(document: OpenAPIObject, examples: Record<string, unknown> = EXAMPLES): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (!operation) continue;
      const bodies = [operation.requestBody, ...Object.values(operation.responses)].filter((body) => body && !('$ref' in body));
      for (const body of bodies) {
        for (const content of Object.values((body as { content?: Record<string, Content> }).content ?? {})) {
          if (content.example !== undefined || content.examples !== undefined) continue;
          const value = exampleOf(content.schema, examples);
          if (value !== undefined) content.example = value;
        }
      }
    }
  }
}
