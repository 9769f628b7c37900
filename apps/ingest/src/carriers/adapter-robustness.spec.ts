import fc from 'fast-check';
import type { IntakeOutcome } from '../intake/webhook-intake';
import { AdapterRegistry } from './adapter.registry';
import { WebhookRejection, type InboundWebhook } from './carrier-adapter';
import { fixtureIntake, fixtureRequestToInbound, replayTime } from './fixture-events';
import { TEST_ENV, fixturesOf } from './adapter-test-kit';

/**
 * Random and truncated bodies at every route never escape as anything but
 * a 4xx WebhookRejection: a carrier (or an attacker) cannot make ingest 500.
 */
describe('adapter robustness', () => {
  const intake = fixtureIntake(TEST_ENV);
  const routes = new AdapterRegistry().routes();
  const samples: InboundWebhook[] = [
    'vonage',
    'telnyx',
    'plivo',
    'sipgate',
    'messagebird',
    'bird',
    'freeswitch',
    '3cx',
    'asterisk',
    'twilio',
  ].flatMap((carrier) =>
    fixturesOf(carrier).flatMap((fixture) =>
      fixture.requests.map((request, index) =>
        fixtureRequestToInbound(fixture, request, replayTime(fixture, index), TEST_ENV),
      ),
    ),
  );

  function accept(request: InboundWebhook): IntakeOutcome | WebhookRejection {
    try {
      return intake.accept(request);
    } catch (error) {
      if (error instanceof WebhookRejection && error.status >= 400 && error.status < 500) {
        return error;
      }
      throw error;
    }
  }

  it('should survive random bodies, content types and headers at every route', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...routes),
        fc.constantFrom('POST', 'GET', 'AMI'),
        fc.constantFrom(
          'application/json',
          'application/x-www-form-urlencoded',
          'text/x-asterisk-ami',
          '',
        ),
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom(...samples.map((sample) => sample.headers)),
        (path, method, contentType, body, headers) => {
          accept({ ...samples[0], path, method, contentType, headers, rawBody: Buffer.from(body) });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('should survive every fixture request truncated at any length, or with any byte flipped', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), fc.nat(255), (sample, cut, byte) => {
        const length = sample.rawBody.length === 0 ? 0 : cut % sample.rawBody.length;
        accept({ ...sample, rawBody: sample.rawBody.subarray(0, length) });
        const flipped = Buffer.from(sample.rawBody);
        if (flipped.length > 0) {
          flipped[cut % flipped.length] = byte;
        }
        accept({ ...sample, rawBody: flipped });
      }),
      { numRuns: 2000 },
    );
  });

  it('should survive structurally valid but odd JSON at the JSON routes, signed or not', () => {
    const jsonSamples = samples.filter((sample) => sample.contentType === 'application/json');
    fc.assert(
      fc.property(fc.constantFrom(...jsonSamples), fc.jsonValue(), (sample, value) => {
        accept({ ...sample, rawBody: Buffer.from(JSON.stringify(value) ?? 'null') });
      }),
      { numRuns: 1000 },
    );
  });
});
