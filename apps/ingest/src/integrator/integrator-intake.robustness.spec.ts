import { join } from 'node:path';
import fc from 'fast-check';
import { CallEventSchema } from '@rebound/contracts';
import { TenantDirectory } from '@rebound/config';
import { WebhookRejection } from '../carriers/carrier-adapter';
import { IntegratorIntake } from './integrator-intake';

const VALID_BATCH = JSON.stringify({
  events: [
    {
      event_id: 'e1',
      call_id: 'c1',
      status: 'ringing',
      caller: '+4915228817386',
      called: '+493023125001',
      occurred_at: '2026-03-10T09:16:40Z',
    },
    {
      event_id: 'e2',
      call_id: 'c1',
      status: 'no_answer',
      caller: '+4915228817386',
      called: '+493023125001',
      occurred_at: '2026-03-10T09:16:45Z',
    },
  ],
});

describe('IntegratorIntake robustness', () => {
  const tenants = TenantDirectory.fromFile(join(__dirname, '../../../../config/tenants.yaml'));
  const tenant = tenants.get('praxis-mueller');
  const sut = new IntegratorIntake(tenants);

  /** Either a list of events that all become valid canonical events, or a 4xx with a reason. */
  function outcomeOf(body: Buffer): 'accepted' | number {
    try {
      const events = sut.read(body);
      for (const event of events) {
        CallEventSchema.parse(sut.toCallEvent(event, tenant!, new Date('2026-03-10T09:17:00Z')));
      }

      return 'accepted';
    } catch (error) {
      if (
        error instanceof WebhookRejection &&
        error.status >= 400 &&
        error.status < 500 &&
        error.reason
      ) {
        return error.status;
      }
      throw error;
    }
  }

  it('should answer random bytes and random JSON with acceptance or a 4xx, never anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
          fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value))),
          fc
            .record({
              events: fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 3 }),
            })
            .map((value) => Buffer.from(JSON.stringify(value))),
        ),
        (body) => {
          expect(['accepted', 400]).toContain(outcomeOf(body));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('should refuse every truncation of a valid batch with 400', () => {
    for (let length = 0; length < VALID_BATCH.length; length += 1) {
      expect(outcomeOf(Buffer.from(VALID_BATCH.slice(0, length)))).toBe(400);
    }
    expect(outcomeOf(Buffer.from(VALID_BATCH))).toBe('accepted');
  });
});
