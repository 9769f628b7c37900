import { FakeTwilioServer } from '../../tools/fake-twilio/fake-twilio.server';
import { IsolatedStack, waitFor } from '@rebound/testing';

jest.setTimeout(180_000);

/** The tenant praxis-mueller's fixture key (config/local.env PRAXIS_MUELLER_PBX_API_KEY). */
const KEY = 'fixture';
const CLOCK = '2026-03-10T09:16:45Z';

function missedCall(callId: string) {
  const common = {
    call_id: callId,
    caller: '+4915228817386',
    called: '+493023125001',
    direction: 'inbound',
  };

  return {
    events: [
      {
        ...common,
        event_id: `${callId}-1`,
        leg_role: 'caller',
        status: 'ringing',
        occurred_at: '2026-03-10T09:16:20Z',
      },
      {
        ...common,
        event_id: `${callId}-2`,
        leg_id: `${callId}-desk`,
        leg_role: 'business',
        status: 'no_answer',
        leg_target: '+496990009010',
        occurred_at: '2026-03-10T09:16:44Z',
      },
      {
        ...common,
        event_id: `${callId}-3`,
        leg_role: 'caller',
        status: 'canceled',
        occurred_at: '2026-03-10T09:16:45Z',
      },
    ],
  };
}

async function post(stack: IsolatedStack, body: unknown, authorization = `Bearer ${KEY}`) {
  const response = await fetch(`${stack.ingestUrl}/v1/call-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization, 'x-rebound-clock': CLOCK },
    body: JSON.stringify(body),
  });

  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the integrator API, through the four services on Kafka and PostgreSQL', () => {
  const twilio = new FakeTwilioServer(
    'AC493079973f13e4d5608184b2181e4980',
    'fixture_twilio_auth_token_not_real_00',
  );
  let stack: IsolatedStack;

  beforeAll(async () => {
    const port = await twilio.listen(0);
    stack = new IsolatedStack({ basePort: 3340, twilioApiBaseUrl: `http://127.0.0.1:${port}` });
    await stack.start();
  });

  afterAll(async () => {
    await stack?.stop();
    await twilio.close();
  });

  it('should text the caller once for a missed call posted as events, and once only when repeated', async () => {
    const first = await post(stack, missedCall('int-e2e-1'));
    await waitFor(() => twilio.messages.length > 0, 30_000);
    const repeat = await post(stack, missedCall('int-e2e-1'));
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    expect(first).toMatchObject({ status: 200, body: { status: 'accepted', duplicate: false } });
    expect(repeat).toMatchObject({ status: 200, body: { status: 'accepted', duplicate: true } });
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0].to).toBe('+4915228817386');
    expect(twilio.messages[0].from).toBe('+493023125001');
  });

  it('should refuse a missing key with 401 and a wrong key with 403', async () => {
    const missing = await post(stack, missedCall('int-e2e-2'), '');
    const wrong = await post(stack, missedCall('int-e2e-2'), 'Bearer not-the-key');

    expect(missing).toMatchObject({ status: 401, body: { error: 'missing_credentials' } });
    expect(wrong).toMatchObject({ status: 403, body: { error: 'invalid_credentials' } });
  });

  it('should refuse an invalid event with 400 naming the path of what is wrong', async () => {
    const batch = missedCall('int-e2e-3');
    const invalid = { events: [batch.events[0], { ...batch.events[1], status: 'lost' }] };

    const refused = await post(stack, invalid);

    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: 'invalid_event',
      issues: [{ path: 'events.1.status', message: expect.stringContaining('Invalid enum value') }],
    });
  });

  it('should serve the OpenAPI document of the integrator API', async () => {
    const response = await fetch(`${stack.ingestUrl}/openapi.json`);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };

    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/v1/call-events');
  });
});
