import { FakeTwilioServer } from '../../../../tools/fake-twilio/fake-twilio.server';
import { ProviderError, type OutgoingSms } from './sms-provider';
import { TwilioProvider } from './twilio.provider';

const SID = 'AC493079973f13e4d5608184b2181e4980';
const TOKEN = 'fixture_twilio_auth_token_not_real_00';

const message: OutgoingSms = {
  reference: 'req-tw-1',
  to: '+4915228817386',
  sender: '+493023125001',
  body: 'Hallo! Sie haben Praxis Müller angerufen.',
  encoding: 'GSM-7',
  statusCallbackUrl: 'https://mctb.example.com/webhooks/twilio/sms/status',
};

describe('TwilioProvider', () => {
  const server = new FakeTwilioServer(SID, TOKEN);
  let sut: TwilioProvider;

  beforeAll(async () => {
    const port = await server.listen(0);
    sut = new TwilioProvider({
      accountSid: SID,
      authToken: TOKEN,
      apiBaseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 500,
    });
  });

  afterAll(() => server.close());

  afterEach(() => {
    server.setDown(false);
    server.holdCreates(false);
    server.releaseHeld();
  });

  it('should create the message through the SDK with the status callback', async () => {
    const acceptance = await sut.send(message);

    expect(server.messages.at(-1)).toMatchObject({
      to: '+4915228817386',
      from: '+493023125001',
      statusCallback: 'https://mctb.example.com/webhooks/twilio/sms/status',
    });
    expect(acceptance).toEqual({
      providerMessageId: server.messages.at(-1)?.sid,
      status: 'queued',
      segments: 1,
    });
  });

  it('should find a sent message by recipient and body', async () => {
    const sent = await sut.send({ ...message, body: 'find me' });

    const found = await sut.findSent({ ...message, body: 'find me' }, new Date(0));

    expect(found?.providerMessageId).toBe(sent.providerMessageId);
  });

  it('should call a 503 retryable and an invalid number permanent', async () => {
    server.failNextSends(1, 503, 20503);
    const busy = (await sut.send(message).catch((e: unknown) => e)) as ProviderError;
    const invalid = (await sut
      .send({ ...message, to: '+12' })
      .catch((e: unknown) => e)) as ProviderError;

    expect([busy.kind, busy.providerCode]).toEqual(['retryable', '20503']);
    expect([invalid.kind, invalid.failure]).toEqual(['permanent', 'invalid_number']);
  });

  it('should call a create that never answers an unknown outcome', async () => {
    server.holdCreates(true);

    const error = (await sut.send(message).catch((e: unknown) => e)) as ProviderError;

    expect(error.kind).toBe('unknown');
  });
});
