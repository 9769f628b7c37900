import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { FakeTwilioServer } from '../../tools/fake-twilio/fake-twilio.server';
import {
  PRIVACY_SCHEMA_VERSION,
  type PrivacyConfirmation,
  type PrivacyRequest,
} from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';
import { createLogger } from '@rebound/telemetry';
import { IsolatedStack, loadFixture, waitFor, postFixture } from '@rebound/testing';

jest.setTimeout(240_000);

const FIXTURES = join(__dirname, '../../test-data/fixtures');
const CALLER = '+4915228817386';
/** The number as it may stand anywhere: E.164, without the plus, national with trunk 0. */
const FORMATS = ['+4915228817386', '4915228817386', '015228817386'];
const SERVICES = ['compliance', 'detector', 'notifier'];

/** Every row of every table in every schema, as text, that holds the number in any format. */
async function findNumber(databaseUrl: string): Promise<string[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const tables = await db.query<{ table_schema: string; table_name: string }>(
      `select table_schema, table_name from information_schema.tables
       where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    const found: string[] = [];
    for (const { table_schema: schema, table_name: table } of tables.rows) {
      const rows = await db.query<{ row: string }>(
        `select t::text as row from "${schema}"."${table}" t where t::text like any($1)`,
        [FORMATS.map((format) => `%${format}%`)],
      );
      found.push(...rows.rows.map((row) => `${schema}.${table}: ${row.row}`));
    }

    return found;
  } finally {
    await db.end();
  }
}

describe('erasure of a caller across every service', () => {
  const twilio = new FakeTwilioServer(
    'AC493079973f13e4d5608184b2181e4980',
    'fixture_twilio_auth_token_not_real_00',
  );
  const confirmations: PrivacyConfirmation[] = [];
  let stack: IsolatedStack;
  let bus: KafkaBus;

  beforeAll(async () => {
    const port = await twilio.listen(0);
    stack = new IsolatedStack({ basePort: 3350, twilioApiBaseUrl: `http://127.0.0.1:${port}` });
    await stack.start();
    bus = new KafkaBus(
      { brokers: ['127.0.0.1:9092'], clientId: 'erasure-test', topicPrefix: stack.topicPrefix },
      createLogger('erasure-test', 'warn'),
    );
    const consumer = bus.kafka.consumer({ groupId: `${stack.topicPrefix}erasure-test` });
    await consumer.connect();
    await consumer.subscribe({ topic: bus.topics.of('privacyConfirmations'), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        confirmations.push(JSON.parse(message.value?.toString() ?? 'null') as PrivacyConfirmation);
        await Promise.resolve();
      },
    });
    stopConsumer = () => consumer.disconnect();
  });

  let stopConsumer: () => Promise<void> = () => Promise.resolve();

  afterAll(async () => {
    await stopConsumer();
    await bus?.disconnect();
    await stack?.stop();
    await twilio.close();
  });

  it('should leave the number in no table of any service once every service confirmed', async () => {
    await postFixture(
      stack.ingestUrl,
      loadFixture(join(FIXTURES, 'twilio/german_mobile_caller.json')),
    );
    await waitFor(() => twilio.messages.length > 0, 60_000);
    await postFixture(
      stack.ingestUrl,
      loadFixture(join(FIXTURES, 'twilio-sms/inbound_stop_variants_german.json')),
    );
    await waitFor(async () => (await findNumber(stack.databaseUrl)).length > 3, 20_000);
    const before = await findNumber(stack.databaseUrl);
    const request: PrivacyRequest = {
      schema_version: PRIVACY_SCHEMA_VERSION,
      request_id: randomUUID(),
      tenant_id: 'praxis-mueller',
      kind: 'erase',
      phone_e164: CALLER,
      requested_at: new Date().toISOString(),
    };
    await bus.publish('privacyRequests', {
      key: `${request.tenant_id}:${request.request_id}`,
      value: request,
      eventType: 'privacy-request',
      schemaVersion: PRIVACY_SCHEMA_VERSION,
    });
    const confirmedBy = () =>
      confirmations
        .filter((item) => item.request_id === request.request_id)
        .map((item) => item.service);
    await waitFor(() => SERVICES.every((service) => confirmedBy().includes(service)), 60_000);

    expect(twilio.messages[0]?.to).toBe(CALLER);
    expect(before.length).toBeGreaterThan(0);
    expect([...new Set(confirmedBy())].sort()).toEqual(SERVICES);
    expect(await findNumber(stack.databaseUrl)).toEqual([]);
  });
});
