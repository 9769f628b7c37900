import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CallVerdict } from '@rebound/contracts';
import {
  IsolatedStack,
  fixtureBodyBytes,
  loadFixture,
  type Fixture,
  type FixtureRequest,
} from '@rebound/testing';
import { twilioSignature } from '../../apps/ingest/src/carriers/twilio/twilio-signature';
import { FakeTwilioServer } from '../../tools/fake-twilio/fake-twilio.server';
import { TopicTap, waitFor, waitReady } from './detector-kit';

jest.setTimeout(240_000);

const ACCOUNT = 'AC493079973f13e4d5608184b2181e4980';
const TOKEN = 'fixture_twilio_auth_token_not_real_00';
const CALLS = 20;
const FIXTURE = join(__dirname, '../../test-data/fixtures/twilio/german_mobile_caller.json');

/**
 * The fixture as a different call: every CallSid replaced by a fresh one,
 * fresh idempotency tokens, and each request signed again with the
 * fixture's auth token, as Twilio would sign it.
 */
function asNewCall(fixture: Fixture): { parentSid: string; requests: FixtureRequest[] } {
  const sids = new Map<string, string>();
  const fresh = (sid: string) => {
    if (!sids.has(sid)) {
      sids.set(sid, `CA${randomBytes(16).toString('hex')}`);
    }

    return sids.get(sid) ?? sid;
  };
  const requests = fixture.requests.map((request) => {
    const params = [...new URLSearchParams(fixtureBodyBytes(request).toString('utf8'))].map(
      ([name, value]): [string, string] => [
        name,
        /^CA[0-9a-f]{32}$/i.test(value) ? fresh(value) : value,
      ],
    );
    const headers = {
      ...request.headers,
      'X-Twilio-Signature': twilioSignature(request.url, params, TOKEN),
      'I-Twilio-Idempotency-Token': `idem-${randomUUID()}`,
    };

    return { ...request, headers, body: new URLSearchParams(params).toString() };
  });

  return { parentSid: [...sids.values()][0], requests };
}

describe('the detector killed mid-stream and restarted', () => {
  const twilio = new FakeTwilioServer(ACCOUNT, TOKEN);
  let stack: IsolatedStack;
  let tap: TopicTap;

  const post = async (fixture: Fixture, requests: FixtureRequest[]) => {
    for (const request of requests) {
      const url = new URL(request.url);
      const response = await fetch(`${stack.ingestUrl}${url.pathname}`, {
        method: request.method,
        headers: { ...request.headers, 'x-rebound-clock': fixture.fixture_clock },
        body: fixtureBodyBytes(request),
      });
      expect(response.status).toBe(200);
    }
  };

  beforeAll(async () => {
    const port = await twilio.listen(0);
    stack = new IsolatedStack({ basePort: 3330, twilioApiBaseUrl: `http://127.0.0.1:${port}` });
    await stack.start();
    tap = new TopicTap(stack.topicPrefix);
    await tap.start(['callVerdicts']);
  });

  afterAll(async () => {
    await tap?.stop();
    await stack?.stop();
    await twilio.close();
  });

  it('should give every call exactly one verdict', async () => {
    const fixture = loadFixture(FIXTURE);
    const calls = Array.from({ length: CALLS }, () => asNewCall(fixture));

    for (const [index, call] of calls.entries()) {
      if (index === CALLS / 2) {
        await stack.stopService('detector', 'SIGKILL');
      }
      await post(fixture, call.requests);
    }
    stack.startService('detector');
    await waitReady(3331);
    const verdictsOf = (callId: string) =>
      tap.values<CallVerdict>('callVerdicts').filter((verdict) => verdict.call_id === callId);
    await waitFor(() => calls.every((call) => verdictsOf(call.parentSid).length > 0), 90_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const outcomes = calls.map((call) => {
      const published = verdictsOf(call.parentSid);
      const distinct = new Set(published.map((verdict) => JSON.stringify(verdict)));

      return {
        distinct: distinct.size,
        verdict: published[0]?.verdict,
        reason: published[0]?.reason,
      };
    });
    expect(outcomes).toEqual(
      calls.map(() => ({ distinct: 1, verdict: 'missed', reason: 'no_answer' })),
    );
  });
});
