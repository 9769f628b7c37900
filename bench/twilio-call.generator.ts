import { randomBytes } from 'node:crypto';
import { twilioSignature } from '../apps/ingest/src/carriers/twilio/twilio-signature';

export interface SignedRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

const ACCOUNT = 'AC493079973f13e4d5608184b2181e4980';
const TOKEN = 'fixture_twilio_auth_token_not_real_00';
const BASE_URL = 'https://mctb.example.com';
const TRACKING = '+493023125001';
const DESK = '+496990009010';

function sid(): string {
  return `CA${randomBytes(16).toString('hex')}`;
}

function signed(path: string, params: Record<string, string>): SignedRequest {
  const pairs = Object.entries(params);
  const body = new URLSearchParams(pairs).toString();

  return {
    path,
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(`${BASE_URL}${path}`, pairs, TOKEN),
      'i-twilio-idempotency-token': `bench-${randomBytes(12).toString('hex')}`,
    },
  };
}

/**
 * The webhooks Twilio sends for one call nobody answered, signed with the
 * fixture corpus's fake auth token: incoming call, the desk leg ringing and
 * not answering, the dial action, the parent completing.
 */
export function unansweredTwilioCall(caller: string): SignedRequest[] {
  const parent = sid();
  const child = sid();
  const common = { AccountSid: ACCOUNT, ApiVersion: '2010-04-01' };
  const parentLeg = {
    ...common,
    CallSid: parent,
    From: caller,
    To: TRACKING,
    Direction: 'inbound',
  };
  const childLeg = {
    ...common,
    CallSid: child,
    ParentCallSid: parent,
    From: caller,
    To: DESK,
    Direction: 'outbound-dial',
  };

  return [
    signed('/webhooks/twilio/voice/incoming', { ...parentLeg, CallStatus: 'ringing' }),
    signed('/webhooks/twilio/voice/status', {
      ...childLeg,
      CallStatus: 'ringing',
      SequenceNumber: '0',
    }),
    signed('/webhooks/twilio/voice/status', {
      ...childLeg,
      CallStatus: 'no-answer',
      SequenceNumber: '1',
    }),
    signed('/webhooks/twilio/voice/dial-action', {
      ...parentLeg,
      CallStatus: 'in-progress',
      DialCallSid: child,
      DialCallStatus: 'no-answer',
    }),
    signed('/webhooks/twilio/voice/status', {
      ...parentLeg,
      CallStatus: 'completed',
      SequenceNumber: '0',
    }),
  ];
}
