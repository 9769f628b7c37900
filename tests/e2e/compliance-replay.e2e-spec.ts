import { join } from 'node:path';
import { FakeTwilioServer } from '../../tools/fake-twilio/fake-twilio.server';
import { IsolatedStack, loadFixture } from '@rebound/testing';
import { Replayer } from '../../scripts/replay';
import { readFileSync } from 'node:fs';

jest.setTimeout(240_000);

const FIXTURES = join(__dirname, '../../test-data/fixtures');

/** One variable of config/local.env (the fixture corpus's fake secrets). */
function localEnv(name: string): string | undefined {
  const line = readFileSync(join(__dirname, '../../config/local.env'), 'utf8')
    .split('\n')
    .find((item) => item.startsWith(`${name}=`));

  return line?.slice(name.length + 1);
}

describe('compliance outcomes through the replay, on four services', () => {
  const twilio = new FakeTwilioServer(
    'AC493079973f13e4d5608184b2181e4980',
    'fixture_twilio_auth_token_not_real_00',
  );
  let stack: IsolatedStack;
  let replayer: Replayer;

  beforeAll(async () => {
    const port = await twilio.listen(0);
    stack = new IsolatedStack({
      basePort: 3354,
      twilioApiBaseUrl: `http://127.0.0.1:${port}`,
      extraEnv: { SIPGATE_PUBLIC_KEY: localEnv('SIPGATE_PUBLIC_KEY') },
    });
    await stack.start();
    replayer = new Replayer(['127.0.0.1:9092'], stack.topicPrefix, {
      ingestUrl: stack.ingestUrl,
      env: stack.env(),
    });
    await replayer.start();
  });

  afterAll(async () => {
    await replayer?.stop();
    await stack?.stop();
    await twilio.close();
  });

  it('should read all four German STOP texts as opt-outs: opt_out_intent_variants', async () => {
    const fixture = loadFixture(join(FIXTURES, 'twilio-sms/inbound_stop_variants_german.json'));

    const result = await replayer.play(fixture);

    expect(result.outcome).toBe(fixture.expected.outcome);
    expect(result.outcome).toBe('opt_out_intent_variants');
  });

  it('should text the same caller in the next scenario: the replay forgot the opt-out', async () => {
    const fixture = loadFixture(join(FIXTURES, 'twilio/german_mobile_caller.json'));

    const result = await replayer.play(fixture);

    expect(result).toMatchObject({ verdict: 'missed', sms: 'sent', sms_to: '+4915228817386' });
  });

  it.each([
    ['twilio/german_landline_caller.json', 'not_mobile'],
    ['twilio/anonymous_caller_literal.json', 'withheld_caller'],
    ['twilio/anonymous_caller_266696687.json', 'withheld_caller'],
    ['sipgate/anonymous_caller.json', 'withheld_caller'],
    ['sipgate/german_landline_caller_no_plus.json', 'not_mobile'],
  ])('should suppress %s because %s', async (file, because) => {
    const fixture = loadFixture(join(FIXTURES, file));

    const result = await replayer.play(fixture);

    expect(result).toMatchObject({
      verdict: 'missed',
      sms: 'suppressed',
      suppressed_because: because,
    });
    expect(fixture.expected).toMatchObject({ suppressed_because: because });
  });
});
