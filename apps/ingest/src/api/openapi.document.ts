import { toJsonSchema } from '@rebound/contracts';
import { AdapterRegistry } from '../carriers/adapter.registry';
import { IntegratorRequestSchema, MAX_BATCH } from '../integrator/integrator-event.schema';

const ERROR = {
  type: 'object',
  required: ['error', 'detail'],
  properties: {
    error: { type: 'string', description: 'machine-readable reason, e.g. invalid_signature' },
    detail: { type: 'string' },
    issues: {
      type: 'array',
      description: 'for invalid_event: where and what',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const REFUSALS = {
  '400': { description: 'malformed JSON, or an event that fails the schema (invalid_event)' },
  '401': { description: 'no credential (missing_credentials)' },
  '403': { description: 'a signature or credential that does not verify' },
  '413': { description: 'body too large (payload_too_large)' },
  '415': { description: 'wrong content type (unsupported_media_type)' },
  '429': { description: 'the source sends too fast (rate_limited)' },
  '503': { description: 'not stored; retry later' },
};

function refusals() {
  return Object.fromEntries(
    Object.entries(REFUSALS).map(([status, { description }]) => [
      status,
      {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );
}

function integratorPath() {
  return {
    post: {
      operationId: 'postCallEvents',
      summary: `Post one call event, or {events: [...]} with up to ${MAX_BATCH}`,
      description:
        'Authenticated by the tenant API key (its SHA-256 is the tenant api_key_sha256). ' +
        'A repeated event_id (per tenant) is acknowledged with duplicate: true and not published again. ' +
        'The answer comes after Kafka has the events.',
      security: [{ tenantApiKey: [] }],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/CallEventsRequest' } },
        },
      },
      responses: {
        '200': {
          description: 'accepted (or all duplicates)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  status: { const: 'accepted' },
                  duplicate: { type: 'boolean' },
                  results: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { event_id: { type: 'string' }, duplicate: { type: 'boolean' } },
                    },
                  },
                },
              },
            },
          },
        },
        ...refusals(),
      },
    },
  };
}

function webhookPath(route: string) {
  const carrier = route.split('/')[2];

  return {
    post: {
      operationId: `webhook_${route.slice('/webhooks/'.length).replace(/[^a-z0-9]+/gi, '_')}`,
      summary: `${carrier} webhook`,
      description:
        "The carrier's own format and signature; see docs/integrators.md. 200 only after Kafka " +
        'has the event; a number no tenant owns is acknowledged and counted on unrouted-webhooks.',
      tags: ['carrier webhooks'],
      responses: { '200': { description: 'accepted, ignored or unrouted' }, ...refusals() },
    },
  };
}

/** The OpenAPI 3.1 document ingest serves at GET /openapi.json. */
export function openApiDocument(registry = new AdapterRegistry()): Record<string, unknown> {
  const webhooks = registry.routes().filter((route) => route.startsWith('/webhooks/'));

  return {
    openapi: '3.1.0',
    info: {
      title: 'Rebound ingest',
      version: '1.0.0',
      description: 'Carrier webhooks and the integrator API. Topics: docs/asyncapi.yaml.',
    },
    paths: {
      '/v1/call-events': integratorPath(),
      ...Object.fromEntries(webhooks.map((route) => [route, webhookPath(route)])),
    },
    components: {
      securitySchemes: { tenantApiKey: { type: 'http', scheme: 'bearer' } },
      schemas: { CallEventsRequest: toJsonSchema(IntegratorRequestSchema), Error: ERROR },
    },
  };
}
