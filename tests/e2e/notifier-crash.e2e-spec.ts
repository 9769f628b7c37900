import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SMS_REQUEST_SCHEMA_VERSION, type SmsRequest } from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';
import { IsolatedStack } from '@rebound/testing';
import { createLogger } from '@rebound/telemetry';
import { FakeTwilioServer } from '../../tools/fake-twilio/fake-twilio.server';

jest.setTimeout(240_000);

function approved(to: string): SmsRequest {
  const now = new Date().toISOString();

  return {
    schema_version: SMS_REQUEST_SCHEMA_VERSION,
    request_id: `crash-${randomUUID()}`,
    tenant_id: 'praxis-mueller',
    call_id: `CA${randomUUID().replace(/-/g, '')}`,
    to,
    sender: '+493023125001',
    body: `Hallo! Sie haben Praxis Müller angerufen. ${randomUUID().slice(0, 8)}`,
    encoding: 'GSM-7',
    segments: 1,
    variant: 'business_hours',
    provider: 'twilio',
    dry_run: false,
    approved_at: now,
    call_ended_at: now,
  };
}

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the notifier killed between its send record and the provider answer', () => {
  const twilio = new FakeTwilioServer(
    'AC493079973f13e4d5608184b2181e4980',
    'fixture_twilio_auth_token_not_real_00',
  );
  let stack: IsolatedStack;
  let bus: KafkaBus;
  let db: Client;

  const record = async (requestId: string) => {
    const result = await db.query<{ state: string; note: string | null; attempts: number }>(
      'select state, note, attempts from notifier.text_message where request_id = $1',
      [requestId],
    );

    return result.rows[0];
  };
  const settled = (requestId: string) =>
    waitFor(async () => {
      const row = await record(requestId);

      return row && row.state !== 'sending' ? row : undefined;
    }, 120_000);
  const sentTo = (to: string) => twilio.messages.filter((message) => message.to === to);

  /** Publishes the request, waits for its create to hang at the provider, kills the notifier. */
  async function crashMidSend(request: SmsRequest): Promise<void> {
    twilio.holdCreates(true);
    await bus.publish('smsRequests', {
      key: `${request.tenant_id}:${request.to}`,
      value: request,
      eventType: 'sms-request',
      schemaVersion: SMS_REQUEST_SCHEMA_VERSION,
    });
    await waitFor(() => (twilio.heldCount > 0 ? true : undefined), 60_000);
    expect(await record(request.request_id)).toMatchObject({ state: 'sending' });
    await stack.stopService('notifier', 'SIGKILL');
  }

  beforeAll(async () => {
    const port = await twilio.listen(0);
    stack = new IsolatedStack({ basePort: 3320, twilioApiBaseUrl: `http://127.0.0.1:${port}` });
    await stack.start();
    bus = new KafkaBus(
      {
        brokers: ['127.0.0.1:9092'],
        clientId: 'notifier-crash-test',
        topicPrefix: stack.topicPrefix,
      },
      createLogger('notifier-crash-test', 'warn'),
    );
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await bus?.disconnect();
    await stack?.stop();
    await twilio.close();
  });

  it('should reconcile a text the provider accepted while the notifier was dead, not send it again', async () => {
    const request = approved('+4915228817386');
    await crashMidSend(request);

    twilio.releaseHeld();
    twilio.holdCreates(false);
    stack.startService('notifier');
    const row = await settled(request.request_id);

    expect(sentTo(request.to)).toHaveLength(1);
    expect(row?.state).toBe('sent');
    expect(row?.note).toContain('reconciled');
  });

  it('should park a text the provider did not have when the notifier came back, and send none', async () => {
    const request = approved('+447700900123');
    await crashMidSend(request);

    stack.startService('notifier');
    const row = await settled(request.request_id);
    twilio.releaseHeld();
    twilio.holdCreates(false);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect(row?.state).toBe('parked');
    expect(row?.note).toContain('an operator decides');
    expect(sentTo(request.to)).toHaveLength(1);
    expect(twilio.createAttempts).toBe(2);
  });
});
