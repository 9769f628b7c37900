import type { CallEvent, PhoneParty } from '@rebound/contracts';
import { defaultPolicy } from '../domain';
import { findCallback } from './callback.finder';

const customer: PhoneParty = {
  raw: '+4915228817386',
  e164: '+4915228817386',
  withheld: false,
  kind: 'pstn',
};
const line: PhoneParty = {
  raw: '+493023125001',
  e164: '+493023125001',
  withheld: false,
  kind: 'pstn',
};

function event(
  fields: Partial<CallEvent> & Pick<CallEvent, 'call_id' | 'leg_id' | 'status'>,
): CallEvent {
  return {
    schema_version: 1,
    event_id: `${fields.leg_id}:${fields.status}`,
    tenant_id: 'praxis-mueller',
    carrier: 'twilio',
    leg_role: fields.call_id === fields.leg_id ? 'caller' : 'business',
    direction: 'inbound',
    caller: customer,
    called: line,
    occurred_at: '2026-03-10T09:20:00Z',
    received_at: '2026-03-10T09:20:00Z',
    attributes: {},
    ...fields,
  };
}

describe('findCallback', () => {
  it('should see the business calling back in an outbound call, even one that rang out', () => {
    const calls = new Map([
      [
        'out',
        [event({ call_id: 'out', leg_id: 'out', status: 'no_answer', direction: 'outbound' })],
      ],
    ]);

    expect(findCallback(calls, defaultPolicy)).toEqual({
      reason: 'business_called_back',
      callId: 'out',
    });
  });

  it('should see the caller reached when a person answered a later inbound call', () => {
    const calls = new Map([
      [
        'again',
        [
          event({ call_id: 'again', leg_id: 'again', status: 'ringing' }),
          event({ call_id: 'again', leg_id: 'desk', status: 'answered', answered_by: 'human' }),
        ],
      ],
    ]);

    expect(findCallback(calls, defaultPolicy)).toEqual({
      reason: 'caller_reached',
      callId: 'again',
    });
  });

  it('should not cancel for a later call that a mailbox answered or nobody answered', () => {
    const calls = new Map([
      [
        'mailbox',
        [event({ call_id: 'mailbox', leg_id: 'vm', status: 'answered', answered_by: 'machine' })],
      ],
      ['missed', [event({ call_id: 'missed', leg_id: 'd', status: 'no_answer' })]],
    ]);

    expect(findCallback(calls, defaultPolicy)).toBeUndefined();
  });
});
