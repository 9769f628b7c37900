import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { TenantDirectory } from '@rebound/config';
import { SMS_REQUEST_SCHEMA_VERSION, type SmsRequest } from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';
import { openServiceDataSource } from '@rebound/persistence';
import { Metrics, createLogger } from '@rebound/telemetry';
import { CreateTextMessage1733300000000 } from '../../apps/notifier/src/persistence/migrations/1733300000000-create-text-message';
import { ReceiptsFailoverRetention1733400000000 } from '../../apps/notifier/src/persistence/migrations/1733400000000-receipts-failover-retention';
import { TextMessageEntity } from '../../apps/notifier/src/persistence/text-message.entity';
import { MessageBirdProvider } from '../../apps/notifier/src/providers/messagebird.provider';
import { ProviderRegistry } from '../../apps/notifier/src/providers/provider.registry';
import { TwilioProvider } from '../../apps/notifier/src/providers/twilio.provider';
import { ReceiptLedger } from '../../apps/notifier/src/receipts/receipt.ledger';
import { ProviderCircuits } from '../../apps/notifier/src/sending/provider.circuits';
import { ProviderDispatcher } from '../../apps/notifier/src/sending/provider.dispatcher';
import { RetryPolicy } from '../../apps/notifier/src/sending/retry.policy';
import { SendTextHandler } from '../../apps/notifier/src/sending/send-text.handler';
import { SenderRateLimiter } from '../../apps/notifier/src/sending/sender-rate.limiter';
import { StatusPublisher } from '../../apps/notifier/src/sending/status.publisher';
import type { NotifierConfig } from '../../apps/notifier/src/notifier.config';
import { FakeMessageBirdServer } from '../../tools/fake-twilio/fake-messagebird.server';
import { FakeTwilioServer } from '../../tools/fake-twilio/fake-twilio.server';
import { interceptMessageBirdHttps } from '../../tools/fake-twilio/messagebird-https.interceptor';

jest.setTimeout(60_000);

const SID = 'AC493079973f13e4d5608184b2181e4980';
const TOKEN = 'fixture_twilio_auth_token_not_real_00';
const MB_KEY = 'test_messagebird_access_key';

const TENANTS = TenantDirectory.fromText(`
tenants:
  - id: praxis-mueller
    name: Praxis Müller
    numbers: ['+493023125001']
    forward_to: '+496990009010'
    time_zone: Europe/Berlin
    sender: '+493023125001'
    provider: twilio
    secondary_provider: messagebird
    sender_rate_per_second: 100
    templates: { business_hours: 'Hallo' }
`);

function approved(to: string): SmsRequest {
  const now = new Date().toISOString();

  return {
    schema_version: SMS_REQUEST_SCHEMA_VERSION,
    request_id: `failover-${randomUUID()}`,
    tenant_id: 'praxis-mueller',
    call_id: `call-${randomUUID()}`,
    to,
    sender: '+493023125001',
    body: 'Hallo! Sie haben Praxis Müller angerufen.',
    encoding: 'GSM-7',
    segments: 1,
    variant: 'business_hours',
    provider: 'twilio',
    dry_run: false,
    approved_at: now,
    call_ended_at: now,
  };
}

// In one process, with real PostgreSQL and Kafka: the messagebird SDK cannot be aimed at
// another host, so its https requests are intercepted to the local MessageBird server.
describe('failover from a tenant primary provider to its secondary, and back', () => {
  const twilio = new FakeTwilioServer(SID, TOKEN);
  const messagebird = new FakeMessageBirdServer(MB_KEY);
  const databaseName = `rebound_test_${randomBytes(4).toString('hex')}`;
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${databaseName}`;
  const logger = createLogger('notifier-failover-test', 'silent');
  let now = 1_000_000;
  let restore: () => void;
  let db: DataSource;
  let bus: KafkaBus;
  let sut: SendTextHandler;

  const record = (requestId: string) =>
    db.getRepository(TextMessageEntity).findOneByOrFail({ requestId });

  beforeAll(async () => {
    const twilioPort = await twilio.listen(0);
    restore = interceptMessageBirdHttps(await messagebird.listen(0));
    db = await openServiceDataSource({
      url: databaseUrl,
      schema: 'notifier',
      entities: [TextMessageEntity],
      migrations: [CreateTextMessage1733300000000, ReceiptsFailoverRetention1733400000000],
    });
    bus = new KafkaBus(
      {
        brokers: ['127.0.0.1:9092'],
        clientId: 'notifier-failover-test',
        topicPrefix: `t${randomBytes(4).toString('hex')}.`,
      },
      logger,
    );
    await bus.ensureTopics();
    const registry = new ProviderRegistry([
      new TwilioProvider({
        accountSid: SID,
        authToken: TOKEN,
        apiBaseUrl: `http://127.0.0.1:${twilioPort}`,
      }),
      new MessageBirdProvider({ accessKey: MB_KEY }),
    ]);
    const dispatcher = new ProviderDispatcher(
      registry,
      TENANTS,
      new ProviderCircuits({ failureThreshold: 2, cooldownMs: 30_000 }, () => now),
      new SenderRateLimiter(),
      new RetryPolicy(3, 5),
      { defaultRatePerSecond: 1 },
      logger,
    );
    const statuses = new StatusPublisher(bus);
    sut = new SendTextHandler(
      db,
      dispatcher,
      statuses,
      new ReceiptLedger(db, statuses, logger),
      new Metrics('notifier-failover-test'),
      { PUBLIC_BASE_URL: 'https://mctb.example.com' } as NotifierConfig,
      logger,
    );
  });

  afterAll(async () => {
    restore?.();
    await db?.destroy();
    await bus?.disconnect();
    await twilio.close();
    await messagebird.close();
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`drop database if exists "${databaseName}" with (force)`);
    await admin.end();
  });

  it('should send through the primary while it is up', async () => {
    const request = approved('+4915228817386');

    await sut.handle(request);

    expect(twilio.messages).toHaveLength(1);
    expect(await record(request.request_id)).toMatchObject({ state: 'sent', provider: 'twilio' });
  });

  it('should send through the secondary once the primary is down, and stop calling the primary', async () => {
    twilio.setDown(true);
    const first = approved('+447700900123');
    const second = approved('+4915228817386');

    await sut.handle(first);
    const attemptsAfterOpening = twilio.createAttempts;
    await sut.handle(second);

    expect(messagebird.messages.map((message) => message.reference)).toEqual([
      first.request_id,
      second.request_id,
    ]);
    expect(twilio.createAttempts).toBe(attemptsAfterOpening);
    expect(await record(second.request_id)).toMatchObject({
      state: 'sent',
      provider: 'messagebird',
      requestedProvider: 'twilio',
      providerMessageId: messagebird.messages[1].id,
    });
    expect((await record(second.request_id)).note).toContain('failover');
  });

  it('should go back to the primary after its cooldown once it answers again', async () => {
    twilio.setDown(false);
    now += 30_000;
    const request = approved('+447700900123');

    await sut.handle(request);

    expect(twilio.messages).toHaveLength(2);
    expect(messagebird.messages).toHaveLength(2);
    expect(await record(request.request_id)).toMatchObject({ state: 'sent', provider: 'twilio' });
  });
});
