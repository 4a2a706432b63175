import { VERB_OF } from '../hubs/hub-routes';
import type { ElementDefinition, HubDefinition, HubOperation, ResourceDefinition } from './element.types';
import type { ConfigurationKeyView, ElementIdentityView, ElementMetadataView, ElementResourceView, ElementSummaryView, ElementView, HubView, ResourceMetadataView } from './elements.dto';

// Cloud Elements' features the hub does not offer: transformations, bulk, cloning, extending
// an element, custom fields and objects. Answered as false rather than left out, as CE does.
const NOT_OFFERED = { transformationsEnabled: false, bulkDownloadEnabled: false, bulkUploadEnabled: false, cloneable: false, extendable: false, extended: false } as const;
const EVENT_TYPES = ['CREATED', 'UPDATED', 'DELETED'];

function identity(element: ElementDefinition): ElementIdentityView {
  return { id: element.id, name: element.name, key: element.key, description: element.description, image: element.image, active: element.active, hub: element.hub };
}

/** The element as embedded in an instance body: Cloud Elements' element fields, without configuration keys and resources. */
export function elementSummary(element: ElementDefinition): ElementSummaryView {
  return {
    ...identity(element),
    deleted: false,
    typeOauth: element.authentication.type === 'oauth2',
    trialAccount: false,
    ...NOT_OFFERED,
    private: false,
    beta: false,
    authentication: { type: element.authentication.type },
  };
}

/** The element in Cloud Elements' shape (`GET /elements/{keyOrId}`). */
export function elementView(element: ElementDefinition): ElementView {
  return {
    ...elementSummary(element),
    configuration: configurationView(element),
    resources: resourcesOf(element),
    hooks: [],
    parameters: [],
    defaultScopes: element.oauth.defaultScopes,
  };
}

/** The configuration keys an instance of the element accepts (`GET /elements/{keyOrId}/configuration`). */
export function configurationView(element: ElementDefinition): ConfigurationKeyView[] {
  return element.configuration.map((c, index) => ({
    key: c.key,
    name: c.name,
    description: c.description,
    type: c.type ?? 'text',
    required: c.required ?? false,
    ...(c.defaultValue !== undefined && { defaultValue: c.defaultValue }),
    hideFromConsole: c.hideFromConsole ?? false,
    secret: c.secret ?? false,
    displayOrder: index + 1,
    active: true,
  }));
}

/** Each hub operation of the element as a Cloud Elements resource. */
function resourcesOf(element: ElementDefinition): ElementResourceView[] {
  return element.resources.flatMap((resource) => resource.operations.map((operation) => resourceView(element, resource, operation)));
}

function resourceView(element: ElementDefinition, resource: ResourceDefinition, operation: HubOperation): ElementResourceView {
  const [vendorMethod, vendorPath] = resource.webex[operation]!.call.split(' ');
  return {
    path: `/hubs/${element.hub}/${resource.path}`,
    method: VERB_OF[operation],
    vendorPath,
    vendorMethod,
    description: resource.description ?? resource.path,
    type: 'api',
    operation,
  };
}

/** What the element supports (`GET /elements/{keyOrId}/metadata`); with `expand`, each resource too. */
export function metadataView(element: ElementDefinition, expand: boolean): ElementMetadataView {
  const events = { supported: element.events.methods.length > 0, methods: [...element.events.methods] };
  return {
    ...identity(element),
    beta: false,
    elementType: 'REST',
    authenticationType: element.authentication.type,
    normalizedPaging: true,
    transformations: NOT_OFFERED.transformationsEnabled,
    cloneable: NOT_OFFERED.cloneable,
    events,
    discovery: { customFields: false, customObjects: false, endpointCustomFields: false, endpointCustomObjects: false },
    bulk: { upload: NOT_OFFERED.bulkUploadEnabled, download: NOT_OFFERED.bulkDownloadEnabled },
    api: { type: 'REST', contentType: 'application/json' },
    ...(expand && { resources: element.resources.map((resource) => resourceMetadata(element, resource)) }),
  };
}

function resourceMetadata(element: ElementDefinition, resource: ResourceDefinition): ResourceMetadataView {
  const watched = Object.values(resource.webex).some((mapping) => element.events.resources.includes(webhookResource(mapping.call)));
  return {
    canonicalName: resource.path,
    operations: resource.operations.map((operation) => VERB_OF[operation]),
    events: watched ? { supported: true, methods: [...element.events.methods], eventTypes: EVENT_TYPES } : { supported: false, methods: [], eventTypes: [] },
  };
}

/** `GET /attachment/actions/{id}` -> `attachmentActions`: the Webex webhook resource of a Webex path. */
function webhookResource(call: string): string {
  const literals = call.split(' ')[1].split('/').filter((segment) => segment && !segment.startsWith('{'));
  return literals.map((segment, i) => (i ? segment.charAt(0).toUpperCase() + segment.slice(1) : segment)).join('');
}

/** A hub; `hydrated` with its elements, the resources they offer under it (CE's `hydrate=true`). */
export function hubView(hub: HubDefinition, hydrated?: ElementDefinition[]): HubView {
  const view: HubView = { key: hub.key, name: hub.name, description: hub.description, active: hub.active };
  if (!hydrated) return view;
  const resources = new Map(hydrated.flatMap(resourcesOf).map((resource) => [`${resource.method} ${resource.path}`, resource]));
  return { ...view, resources: [...resources.values()] };
}
