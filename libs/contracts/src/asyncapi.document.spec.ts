import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { asyncApiDocument } from './asyncapi.document';
import { CallEventSchema } from './call-event.schema';
import { toJsonSchema } from './json-schema';
import { DEFAULT_TOPIC_PREFIX, TOPIC_SUFFIXES } from './topics';

const DOC_PATH = join(__dirname, '../../../docs/asyncapi.yaml');

describe('asyncApiDocument', () => {
  const published = load(readFileSync(DOC_PATH, 'utf8')) as {
    channels: Record<string, { address: string }>;
    components: { messages: Record<string, { payload: unknown }> };
  };

  it('should describe every topic of TOPIC_SUFFIXES in docs/asyncapi.yaml', () => {
    const addresses = Object.values(published.channels).map((channel) => channel.address);

    expect(addresses.sort()).toEqual(
      Object.values(TOPIC_SUFFIXES)
        .map((suffix) => `${DEFAULT_TOPIC_PREFIX}${suffix}`)
        .sort(),
    );
  });

  it('should be what docs/asyncapi.yaml says (regenerate the file when a schema changes)', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(asyncApiDocument())));
  });

  it('should give the call-events payload the canonical call event schema', () => {
    expect(published.components.messages.callEvents.payload).toEqual(
      JSON.parse(JSON.stringify(toJsonSchema(CallEventSchema))),
    );
  });
});

describe('toJsonSchema', () => {
  it('should mark required fields, enums, patterns, datetimes and nullables', () => {
    const schema = toJsonSchema(CallEventSchema) as {
      required: string[];
      properties: Record<string, Record<string, unknown>>;
    };

    expect(schema.required).toContain('event_id');
    expect(schema.required).not.toContain('answered_by');
    expect(schema.properties.status.enum).toContain('no_answer');
    expect(schema.properties.occurred_at).toEqual({ type: 'string', format: 'date-time' });
    expect(schema.properties.schema_version).toEqual({ const: 1 });
    expect(schema.properties.duration_s).toEqual({ type: 'integer', minimum: 0 });
  });
});
