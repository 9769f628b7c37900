import type { ZodTypeAny } from 'zod';
import { CallEventSchema } from './call-event.schema';
import { CallVerdictSchema } from './call-verdict.schema';
import { DecisionSchema } from './decision.schema';
import { RecordHeader } from './headers';
import { InboundReadingSchema } from './inbound-reading.schema';
import { InboundSmsSchema } from './inbound-sms.schema';
import { toJsonSchema, type JsonSchema } from './json-schema';
import { OptOutCommandSchema } from './opt-out-command.schema';
import { PrivacyConfirmationSchema, PrivacyRequestSchema } from './privacy.schema';
import { SmsRequestSchema } from './sms-request.schema';
import { SmsStatusSchema } from './sms-status.schema';
import { DEFAULT_TOPIC_PREFIX, DLQ_SUFFIX, TOPIC_SUFFIXES, type TopicKey } from './topics';
import { UnroutedWebhookSchema } from './unrouted-webhook.schema';

interface TopicDoc {
  title: string;
  key: string;
  writers: string;
  readers: string;
  payload: ZodTypeAny | JsonSchema;
}

/** What each topic carries. A topic missing here fails the AsyncAPI spec. */
export const TOPIC_DOCS: Partial<Record<TopicKey, TopicDoc>> = {
  callEvents: {
    title: 'One event of one call leg, in canonical form',
    key: '<tenant_id>:<call_id>',
    writers: 'ingest (carriers, AMI, the integrator API); integrators may publish directly',
    readers: 'detector',
    payload: CallEventSchema,
  },
  callVerdicts: {
    title: "The detector's one verdict per call",
    key: '<tenant_id>:<caller e164, or call_id when there is none>',
    writers: 'detector',
    readers: 'reporting, the replay',
    payload: CallVerdictSchema,
  },
  missedCalls: {
    title: 'Verdicts that are missed calls',
    key: '<tenant_id>:<caller e164, or call_id when there is none>',
    writers: 'detector',
    readers: 'compliance',
    payload: CallVerdictSchema,
  },
  smsRequests: {
    title: 'An approved text, to be sent once',
    key: '<tenant_id>:<caller_hash>',
    writers: 'compliance',
    readers: 'notifier',
    payload: SmsRequestSchema,
  },
  decisions: {
    title: 'Every compliance decision with its reason and legal basis',
    key: '<tenant_id>:<caller_hash>',
    writers: 'compliance',
    readers: 'reporting, audit',
    payload: DecisionSchema,
  },
  smsStatus: {
    title: 'Delivery state of a text',
    key: '<tenant_id>:<provider_message_id>',
    writers: 'ingest (provider receipts), notifier',
    readers: 'notifier, compliance',
    payload: SmsStatusSchema,
  },
  inboundSms: {
    title: 'A text from a caller (STOP, START, a reply)',
    key: '<tenant_id>:<sender e164>',
    writers: 'ingest',
    readers: 'compliance',
    payload: InboundSmsSchema,
  },
  unroutedWebhooks: {
    title: 'A webhook for a number no tenant owns: acknowledged, counted, not processed',
    key: '<carrier>',
    writers: 'ingest',
    readers: 'operators',
    payload: UnroutedWebhookSchema,
  },
  privacyRequests: {
    title: 'Erasure or export of one phone number of one tenant',
    key: '<tenant_id>:<phone e164>',
    writers: 'operators, admin tooling',
    readers: 'compliance',
    payload: PrivacyRequestSchema,
  },
  privacyConfirmations: {
    title: 'Confirmation that a privacy request was carried out',
    key: '<request_id>',
    writers: 'compliance',
    readers: 'operators, admin tooling',
    payload: PrivacyConfirmationSchema,
  },
  tenants: {
    title: "A tenant's configuration (compacted; libs/config TenantSchema)",
    key: '<tenant_id>',
    writers: 'admin tooling',
    readers: 'all services',
    payload: { type: 'object', description: 'TenantSchema of libs/config' },
  },
  optOutCommands: {
    title: "An operator adds or removes one caller's opt-out",
    key: '<tenant_id>:<phone_e164>',
    writers: 'operators, admin tooling',
    readers: 'compliance',
    payload: OptOutCommandSchema,
  },
  inboundReadings: {
    title: 'How compliance read an inbound text (opt-out intent)',
    key: '<tenant_id>:<caller_hash>',
    writers: 'compliance',
    readers: 'reporting, audit',
    payload: InboundReadingSchema,
  },
};

const HEADERS: JsonSchema = {
  type: 'object',
  properties: {
    [RecordHeader.SchemaVersion]: { type: 'string', description: 'payload schema_version' },
    [RecordHeader.EventType]: { type: 'string', description: 'e.g. call-event' },
    [RecordHeader.TraceParent]: { type: 'string', description: 'W3C trace context' },
  },
};

/**
 * The AsyncAPI 3.0 document of every topic: name (with the default
 * prefix), key, writers, readers and payload schema. docs/asyncapi.yaml is
 * this document as YAML; a spec keeps the two equal.
 */
export function asyncApiDocument(): Record<string, unknown> {
  const keys = Object.keys(TOPIC_SUFFIXES) as TopicKey[];
  const documented = keys.filter((key) => TOPIC_DOCS[key]);

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Rebound topics',
      version: '1.0.0',
      description:
        'Kafka topics of Rebound. Names carry a prefix (KAFKA_TOPIC_PREFIX, default ' +
        `"${DEFAULT_TOPIC_PREFIX}"); each has a dead-letter twin "<topic>${DLQ_SUFFIX}". ` +
        'Values are JSON; records carry the headers below.',
    },
    defaultContentType: 'application/json',
    channels: Object.fromEntries(documented.map((key) => [key, channelOf(key)])),
    operations: Object.fromEntries(
      documented.map((key) => [
        `publish_${key}`,
        { action: 'send', channel: { $ref: `#/channels/${key}` } },
      ]),
    ),
    components: {
      messages: Object.fromEntries(documented.map((key) => [key, messageOf(key)])),
    },
  };
}

function channelOf(key: TopicKey) {
  const doc = TOPIC_DOCS[key] as TopicDoc;

  return {
    address: `${DEFAULT_TOPIC_PREFIX}${TOPIC_SUFFIXES[key]}`,
    title: doc.title,
    description: `Written by ${doc.writers}; read by ${doc.readers}. Key: ${doc.key}.`,
    messages: { [key]: { $ref: `#/components/messages/${key}` } },
    bindings: { kafka: { topic: `${DEFAULT_TOPIC_PREFIX}${TOPIC_SUFFIXES[key]}` } },
  };
}

function messageOf(key: TopicKey) {
  const doc = TOPIC_DOCS[key] as TopicDoc;
  const payload = '_def' in doc.payload ? toJsonSchema(doc.payload as ZodTypeAny) : doc.payload;

  return {
    name: key,
    title: doc.title,
    headers: HEADERS,
    payload,
    bindings: { kafka: { key: { type: 'string', description: doc.key } } },
  };
}
