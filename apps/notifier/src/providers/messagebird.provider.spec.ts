import { FakeMessageBirdServer } from '../../../../tools/fake-twilio/fake-messagebird.server';
import { interceptMessageBirdHttps } from '../../../../tools/fake-twilio/messagebird-https.interceptor';
import { MessageBirdProvider } from './messagebird.provider';
import { ProviderError, type OutgoingSms } from './sms-provider';

// The messagebird SDK hard-codes its host: these tests intercept https.request
// and answer from a local server speaking MessageBird's API, through the real SDK.
const KEY = 'test_messagebird_access_key';

const message: OutgoingSms = {
  reference: 'req-mb-1',
  to: '+4915228817386',
  sender: '+493023125001',
  body: 'Hallo! Sie haben Praxis Müller angerufen.',
  encoding: 'GSM-7',
  statusCallbackUrl: 'https://mctb.example.com/webhooks/messagebird/sms-status',
};

describe('MessageBirdProvider', () => {
  const server = new FakeMessageBirdServer(KEY);
  let restore: () => void;
  let sut: MessageBirdProvider;

  beforeAll(async () => {
    restore = interceptMessageBirdHttps(await server.listen(0));
    sut = new MessageBirdProvider({ accessKey: KEY, timeoutMs: 2_000 });
  });

  afterAll(async () => {
    restore();
    await server.close();
  });

  beforeEach(() => server.setDown(false));

  describe('send', () => {
    it('should create the message with our reference, report URL and data coding', async () => {
      const acceptance = await sut.send(message);

      const recorded = server.messages.at(-1);
      expect(recorded).toMatchObject({
        recipient: '4915228817386',
        originator: '493023125001',
        body: message.body,
        reference: 'req-mb-1',
        reportUrl: 'https://mctb.example.com/webhooks/messagebird/sms-status',
        datacoding: 'plain',
      });
      expect(acceptance).toEqual({ providerMessageId: recorded?.id, status: 'sent', segments: 1 });
    });

    it('should send UCS-2 texts as unicode', async () => {
      await sut.send({
        ...message,
        reference: 'req-mb-2',
        body: 'Wir rufen zurück – bald',
        encoding: 'UCS-2',
      });

      expect(server.messages.at(-1)?.datacoding).toBe('unicode');
    });

    it('should call an invalid recipient a permanent invalid_number failure', async () => {
      const error = (await sut
        .send({ ...message, to: '+12' })
        .catch((e: unknown) => e)) as ProviderError;

      expect(error).toBeInstanceOf(ProviderError);
      expect([error.kind, error.providerCode, error.failure]).toEqual([
        'permanent',
        '9',
        'invalid_number',
      ]);
    });

    it('should call a server error retryable', async () => {
      server.setDown(true);

      const error = (await sut.send(message).catch((e: unknown) => e)) as ProviderError;

      expect([error.kind, error.providerCode]).toEqual(['retryable', '99']);
    });

    it('should call a wrong access key permanent', async () => {
      const wrong = new MessageBirdProvider({ accessKey: 'not_the_right_key' });

      const error = (await wrong.send(message).catch((e: unknown) => e)) as ProviderError;

      expect([error.kind, error.providerCode]).toEqual(['permanent', '2']);
    });
  });

  describe('findSent', () => {
    it('should find a message by our reference', async () => {
      const sent = await sut.send({ ...message, reference: 'req-mb-find' });

      const found = await sut.findSent({ ...message, reference: 'req-mb-find' }, new Date(0));

      expect(found?.providerMessageId).toBe(sent.providerMessageId);
    });

    it('should return null for a reference the provider does not have', async () => {
      expect(await sut.findSent({ ...message, reference: 'never-sent' }, new Date(0))).toBeNull();
    });
  });
});
