import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import {
  PRIVACY_SCHEMA_VERSION,
  type PrivacyConfirmation,
  type SmsStatus,
} from '@rebound/contracts';
import { IsolatedStack, fixtureBodyBytes, loadFixture, type Fixture } from '@rebound/testing';
import { FakeTwilioServer } from '../../tools/fake-twilio/fake-twilio.server';

jest.setTimeout(240_000);

const FIXTURES = join(__dirname, '../../test-data/fixtures');

/** Each fixture's `expected.outcome` as the notifier's record must show it. */
const EXPECTED: Record<
  string,
  { delivery_status: string; failure: string | null; segments?: number }
> = {
  sms_delivered: { delivery_status: 'delivered', failure: null },
  sms_sent_2_segments: { delivery_status: 'sent', failure: null, segments: 2 },
  sms_undelivered_unreachable_handset: {
    delivery_status: 'undelivered',
    failure: 'unreachable_handset',
  },
  sms_undelivered_landline: { delivery_status: 'undelivered', failure: 'landline' },
  sms_failed_unknown_subscriber: { delivery_status: 'failed', failure: 'unknown_subscriber' },
  sms_expired: { delivery_status: 'expired', failure: 'expired' },
};

interface SeededText {
  fixture: Fixture;
  requestId: string;
  provider: string;
  providerMessageId: string | null;
  to: string;
}

/** The fixture corpus's fake secrets (MessageBird's signing key among them), as local runs use them. */
function localEnv(): Record<string, string> {
  const lines = readFileSync(join(__dirname, '../../config/local.env'), 'utf8').split('\n');

  return Object.fromEntries(
    lines
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** MessageBird states when it sent each report (`statusDatetime`): judge its signature then. */
function clockOf(url: URL, fixtureClock: string): string {
  const stated = url.searchParams.get('statusDatetime');

  return stated ? new Date(stated).toISOString() : fixtureClock;
}

function statusFixtures(): Fixture[] {
  return ['twilio-sms', 'messagebird']
    .flatMap((dir) =>
      readdirSync(join(FIXTURES, dir)).map((file) => loadFixture(join(FIXTURES, dir, file))),
    )
    .filter((fixture) => fixture.kind === 'sms_status');
}

/** The text each fixture's receipts are about, as the notifier would have recorded it. */
function textOf(fixture: Fixture): SeededText {
  const first = fixture.requests[0];
  if (fixture.carrier === 'messagebird') {
    const query = new URL(first.url).searchParams;

    return {
      fixture,
      requestId: query.get('reference') ?? '',
      provider: 'messagebird',
      providerMessageId: null,
      to: `+${query.get('recipient')}`,
    };
  }
  const form = new URLSearchParams(String(first.body));

  return {
    fixture,
    requestId: `fixture-${fixture.scenario}`,
    provider: 'twilio',
    providerMessageId: form.get('MessageSid'),
    to: form.get('To') ?? '',
  };
}

describe('delivery receipts of the shared sms_status fixtures, through ingest into the notifier', () => {
  const twilio = new FakeTwilioServer(
    'AC493079973f13e4d5608184b2181e4980',
    'fixture_twilio_auth_token_not_real_00',
  );
  const texts = statusFixtures().map(textOf);
  const statuses: SmsStatus[] = [];
  const confirmations: PrivacyConfirmation[] = [];
  let stack: IsolatedStack;
  let db: Client;
  let kafka: Kafka;
  let stopConsumer: () => Promise<void>;

  async function seed(text: SeededText): Promise<void> {
    await db.query(
      `insert into notifier.text_message (request_id, tenant_id, call_id, to_e164, body, sender,
         provider, requested_provider, state, delivery_status, provider_message_id, encoding,
         segments, call_ended_at)
       values ($1, 'praxis-mueller', $2, $3, 'Hallo!', '+493023125001', $4, $4, 'sent',
         'accepted', $5, 'GSM-7', 1, now())`,
      [
        text.requestId,
        `call-${text.fixture.scenario}`,
        text.to,
        text.provider,
        text.providerMessageId,
      ],
    );
  }

  async function post(fixture: Fixture): Promise<number[]> {
    const answers: number[] = [];
    for (const request of fixture.requests) {
      const url = new URL(request.url);
      const response = await fetch(`${stack.ingestUrl}${url.pathname}${url.search}`, {
        method: request.method,
        headers: { ...request.headers, 'x-rebound-clock': clockOf(url, fixture.fixture_clock) },
        body: request.method === 'GET' ? undefined : fixtureBodyBytes(request),
      });
      answers.push(response.status);
    }

    return answers;
  }

  async function records(): Promise<Map<string, Record<string, unknown>>> {
    const result = await db.query<Record<string, unknown>>(
      `select request_id, delivery_status, failure, segments from notifier.text_message`,
    );

    return new Map(result.rows.map((row) => [String(row.request_id), row]));
  }

  beforeAll(async () => {
    const port = await twilio.listen(0);
    stack = new IsolatedStack({
      basePort: 3324,
      twilioApiBaseUrl: `http://127.0.0.1:${port}`,
      extraEnv: localEnv(),
    });
    await stack.start();
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    kafka = new Kafka({ brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `${stack.topicPrefix}receipts-test` });
    await consumer.connect();
    await consumer.subscribe({ topic: `${stack.topicPrefix}sms-status.v1`, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        statuses.push(JSON.parse(String(message.value)) as SmsStatus);

        return Promise.resolve();
      },
    });
    const confirmationsConsumer = kafka.consumer({ groupId: `${stack.topicPrefix}privacy-test` });
    await confirmationsConsumer.connect();
    await confirmationsConsumer.subscribe({
      topic: `${stack.topicPrefix}privacy-confirmations.v1`,
      fromBeginning: true,
    });
    await confirmationsConsumer.run({
      eachMessage: ({ message }) => {
        confirmations.push(JSON.parse(String(message.value)) as PrivacyConfirmation);

        return Promise.resolve();
      },
    });
    stopConsumer = async () => {
      await consumer.disconnect();
      await confirmationsConsumer.disconnect();
    };
  });

  afterAll(async () => {
    await stopConsumer?.();
    await db?.end();
    await stack?.stop();
    await twilio.close();
  });

  it('should record every fixture with its expected status, final statuses never moving back', async () => {
    for (const text of texts) {
      await seed(text);
    }
    const answers: Record<string, number[]> = {};
    for (const text of texts) {
      answers[text.fixture.scenario] = await post(text.fixture);
    }
    const expected = new Map(
      texts.map((text) => [text.requestId, EXPECTED[text.fixture.expected.outcome as string]]),
    );
    const matches = (rows: Map<string, Record<string, unknown>>) =>
      [...expected].every(([id, want]) => rows.get(id)?.delivery_status === want.delivery_status);
    const deadline = Date.now() + 60_000;
    while (!matches(await records()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rows = await records();
    if (!matches(rows)) {
      console.log(
        stack
          .dump()
          .split('\n')
          .filter((line) => !line.includes('kafkajs'))
          .join('\n'),
        [...rows.values()],
      );
    }

    expect(texts.length).toBe(7);
    expect(
      Object.entries(answers).filter(([, codes]) => codes.some((code) => code !== 200)),
    ).toEqual([]);
    for (const [id, want] of expected) {
      expect({ id, ...rows.get(id) }).toMatchObject({ id, ...want });
    }
  });

  it('should erase the number and body of an erased recipient and confirm as the notifier', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const request = {
      schema_version: PRIVACY_SCHEMA_VERSION,
      request_id: 'erase-landline-recipient',
      tenant_id: 'praxis-mueller',
      kind: 'erase',
      phone_e164: '+494066969077',
      requested_at: new Date().toISOString(),
    };
    await producer.send({
      topic: `${stack.topicPrefix}privacy-requests.v1`,
      messages: [{ key: request.request_id, value: JSON.stringify(request) }],
    });
    await producer.disconnect();
    const mine = () =>
      confirmations.find(
        (item) => item.request_id === request.request_id && item.service === 'notifier',
      );
    const deadline = Date.now() + 30_000;
    while (!mine() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const row = await db.query(
      `select to_e164, body, erased_at from notifier.text_message where request_id = $1`,
      ['fixture-undelivered_30006_landline'],
    );

    expect(mine()).toMatchObject({ kind: 'erase', rows_affected: 1, tenant_id: 'praxis-mueller' });
    expect(row.rows[0]).toMatchObject({ to_e164: null, body: null });
    expect(row.rows[0].erased_at).toBeInstanceOf(Date);
  });

  it('should tell compliance the recipient of a landline receipt that named only the message id', async () => {
    const deadline = Date.now() + 30_000;
    const followUp = () =>
      statuses.find(
        (status) =>
          status.event_id.startsWith('notifier:receipt:') && status.failure === 'landline',
      );
    while (!followUp() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    expect(followUp()).toMatchObject({
      provider: 'twilio',
      provider_message_id: 'SMfc20baa3dd26443f1f36758588321812',
      status: 'undelivered',
      attributes: { to_e164: '+494066969077' },
    });
  });
});
