import { FakeTwilioServer } from '../../tools/fake-twilio/fake-twilio.server';
import { IsolatedStack, loadFixture, waitFor, postFixture } from '@rebound/testing';
import { join } from 'node:path';

jest.setTimeout(180_000);

const FIXTURES = join(__dirname, '../../test-data/fixtures/twilio');

describe('a missed Twilio call, through the four services on Kafka and PostgreSQL', () => {
  const twilio = new FakeTwilioServer(
    'AC493079973f13e4d5608184b2181e4980',
    'fixture_twilio_auth_token_not_real_00',
  );
  let stack: IsolatedStack;

  beforeAll(async () => {
    const port = await twilio.listen(0);
    stack = new IsolatedStack({ basePort: 3310, twilioApiBaseUrl: `http://127.0.0.1:${port}` });
    await stack.start();
  });

  afterAll(async () => {
    await stack?.stop();
    await twilio.close();
  });

  it('should send exactly one text, to the caller, for a call nobody answered', async () => {
    const fixture = loadFixture(join(FIXTURES, 'german_mobile_caller.json'));

    const statuses = await postFixture(stack.ingestUrl, fixture);
    await postFixture(stack.ingestUrl, fixture);
    await waitFor(() => twilio.messages.length > 0, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 4_000));

    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0].to).toBe('+4915228817386');
    expect(twilio.messages[0].from).toBe('+493023125001');
    expect(twilio.messages[0].body).toContain('Praxis Müller');
    expect(twilio.messages[0].body).toContain('https://praxis-mueller.example.com/termin');
  });

  it('should send no text for a call a person answered', async () => {
    const before = twilio.messages.length;
    const fixture = loadFixture(join(FIXTURES, 'answered_by_human.json'));

    await postFixture(stack.ingestUrl, fixture);
    await new Promise((resolve) => setTimeout(resolve, 6_000));

    expect(twilio.messages.length).toBe(before);
  });

  it('should refuse a forged webhook with 403 and a reason', async () => {
    const response = await fetch(`${stack.ingestUrl}/webhooks/twilio/voice/status`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': 'forged',
      },
      body: 'AccountSid=AC493079973f13e4d5608184b2181e4980&CallSid=CA00000000000000000000000000000000&CallStatus=busy',
    });

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'invalid_signature' });
  });
});
