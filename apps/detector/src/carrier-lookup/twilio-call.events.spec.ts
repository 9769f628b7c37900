import { TenantDirectory } from '@rebound/config';
import { join } from 'node:path';
import { assessCall, defaultPolicy } from '../domain';
import { twilioCallEvents, type TwilioCallResource } from './twilio-call.events';

const tenant = TenantDirectory.fromFile(
  join(__dirname, '../../../../config/tenants.yaml'),
).all()[0];
const PARENT = 'CA00000000000000000000000000000001';
const CHILD = 'CA00000000000000000000000000000002';
const now = new Date('2026-03-10T09:30:00Z');

function resource(fields: Partial<TwilioCallResource>): TwilioCallResource {
  return {
    sid: PARENT,
    parentCallSid: null,
    status: 'completed',
    direction: 'inbound',
    from: '+4915228817386',
    to: '+493023125001',
    duration: '21',
    answeredBy: null,
    startTime: null,
    endTime: new Date('2026-03-10T09:15:25Z'),
    dateUpdated: null,
    ...fields,
  };
}

describe('twilioCallEvents', () => {
  it('should read the parent as the caller leg and a child as a business leg of that call', () => {
    const child = resource({
      sid: CHILD,
      parentCallSid: PARENT,
      status: 'no-answer',
      to: '+496990009010',
      duration: '0',
    });

    const sut = twilioCallEvents(tenant, resource({}), [child], now);

    expect(
      sut.map((event) => [event.event_id, event.call_id, event.leg_role, event.status]),
    ).toEqual([
      [`twilio-api:${PARENT}:completed`, PARENT, 'caller', 'completed'],
      [`twilio-api:${CHILD}:no-answer`, PARENT, 'business', 'no_answer'],
    ]);
    expect(assessCall(sut, defaultPolicy)).toMatchObject({
      verdict: 'missed',
      reason: 'no_answer',
      complete: true,
    });
    expect(sut[0].caller.e164).toBe('+4915228817386');
  });

  it('should name the callee as the caller of an outbound call', () => {
    const sut = twilioCallEvents(
      tenant,
      resource({ direction: 'outbound-api', from: '+493023125001', to: '+4915228817386' }),
      [],
      now,
    );

    expect(sut[0]).toMatchObject({ direction: 'outbound', caller: { e164: '+4915228817386' } });
  });

  it('should leave out a leg whose status it does not know', () => {
    expect(twilioCallEvents(tenant, resource({ status: 'mystery' }), [], now)).toEqual([]);
  });
});
