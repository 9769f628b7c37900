import type {
  AnsweredBy,
  CallEvent,
  Carrier,
  LegRole,
  LegStatus,
  PhoneParty,
  VerdictReason,
  Verdict,
} from '@rebound/contracts';

/** Drama numbers from the shared corpus (never assigned to real people). */
export const NUMBERS = {
  customer: '+4915228817386',
  ukCustomer: '+447700900123',
  tracking: '+493023125001',
  desk: '+496990009010',
  businessLandline: '+498999998020',
  colleague: '+494066969011',
} as const;

export function pstn(e164: string): PhoneParty {
  return { raw: e164, e164, withheld: false, kind: 'pstn' };
}

export const WITHHELD: PhoneParty = {
  raw: 'anonymous',
  e164: null,
  withheld: true,
  kind: 'withheld',
};
export const UNKNOWN: PhoneParty = { raw: '', e164: null, withheld: false, kind: 'unknown' };

const EPOCH = Date.parse('2026-03-10T09:15:00Z');

/** The instant `seconds` after the scenarios' common start. */
export function at(seconds: number): string {
  return new Date(EPOCH + seconds * 1000).toISOString();
}

export interface EventSpec {
  leg: string;
  status: LegStatus;
  t: number;
  role?: LegRole;
  call?: string;
  seq?: number;
  by?: AnsweredBy;
  dur?: number;
  direction?: CallEvent['direction'];
  caller?: PhoneParty;
  called?: PhoneParty;
  target?: PhoneParty;
  forwardedFrom?: PhoneParty;
  /** Tells two deliveries with the same leg, status and time apart (e.g. Twilio's dial action). */
  source?: string;
}

/** A canonical event with the defaults of an inbound call from the customer to the tracking number. */
export function callEvent(spec: EventSpec, defaults: Partial<CallEvent> = {}): CallEvent {
  const id = [
    spec.source ?? 'status',
    spec.leg,
    spec.status,
    spec.seq ?? '-',
    spec.by ?? '-',
    spec.t,
  ].join(':');

  return {
    schema_version: 1,
    event_id: id,
    tenant_id: 'praxis-test',
    carrier: 'twilio',
    call_id: spec.call ?? 'CALL-1',
    leg_id: spec.leg,
    leg_role: spec.role ?? 'business',
    direction: spec.direction ?? 'inbound',
    status: spec.status,
    caller: spec.caller ?? pstn(NUMBERS.customer),
    called: spec.called ?? pstn(NUMBERS.tracking),
    received_at: at(spec.t),
    occurred_at: at(spec.t),
    attributes: {},
    ...defaults,
    ...(spec.by ? { answered_by: spec.by } : {}),
    ...(spec.dur !== undefined ? { duration_s: spec.dur } : {}),
    ...(spec.seq !== undefined ? { sequence: spec.seq } : {}),
    ...(spec.target ? { leg_target: spec.target } : {}),
    ...(spec.forwardedFrom ? { forwarded_from: spec.forwardedFrom } : {}),
  };
}

export interface Scenario {
  name: string;
  carrier: Carrier;
  events: CallEvent[];
  verdict: Verdict;
  reason: VerdictReason;
  /** The caller's E.164 the verdict must name (null: withheld or not a number). */
  callerE164: string | null;
}

function scenario(
  name: string,
  carrier: Carrier,
  expected: [Verdict, VerdictReason],
  specs: EventSpec[],
  callerE164: string | null = NUMBERS.customer,
): Scenario {
  const events = specs.map((spec) => callEvent(spec, { carrier }));

  return { name, carrier, events, verdict: expected[0], reason: expected[1], callerE164 };
}

const desk = pstn(NUMBERS.desk);
const colleague = pstn(NUMBERS.colleague);

/**
 * Twilio: parent (caller) leg P with the incoming webhook (`ringing`) and
 * its final `completed`; child (business) leg C with progress callbacks
 * (numbered), the `<Dial action>` callback on C, and AMD on C's own id.
 */
const twilioParent = (t: number, status: LegStatus, extra: Partial<EventSpec> = {}): EventSpec => ({
  leg: 'CA-parent',
  call: 'CA-parent',
  role: 'caller',
  status,
  t,
  ...(status === 'ringing' ? {} : { seq: 0 }),
  ...extra,
});
const twilioChild = (
  leg: string,
  t: number,
  status: LegStatus,
  seq: number,
  extra: Partial<EventSpec> = {},
): EventSpec => ({
  leg,
  call: 'CA-parent',
  status,
  t,
  seq,
  target: desk,
  called: desk,
  ...extra,
});
const twilioDialAction = (leg: string, t: number, status: LegStatus, dur?: number): EventSpec => ({
  leg,
  call: 'CA-parent',
  status,
  t,
  dur,
  source: 'dial-action',
});

export const SCENARIOS: Scenario[] = [
  scenario(
    'twilio no answer',
    'twilio',
    ['missed', 'no_answer'],
    [
      twilioParent(0, 'ringing'),
      twilioChild('CA-child', 1, 'initiated', 0),
      twilioChild('CA-child', 2, 'ringing', 1),
      twilioChild('CA-child', 22, 'no_answer', 2, { dur: 0 }),
      twilioDialAction('CA-child', 22, 'no_answer'),
      twilioParent(100, 'completed', { dur: 24 }),
    ],
  ),
  scenario(
    'twilio busy (no ringing)',
    'twilio',
    ['missed', 'busy'],
    [
      twilioParent(0, 'ringing'),
      twilioChild('CA-child', 1, 'initiated', 0),
      twilioChild('CA-child', 2, 'busy', 1, { dur: 0 }),
      twilioDialAction('CA-child', 2, 'busy'),
      twilioParent(5, 'completed', { dur: 5 }),
    ],
  ),
  scenario(
    'twilio answered by a person',
    'twilio',
    ['not_missed', 'answered'],
    [
      twilioParent(0, 'ringing'),
      twilioChild('CA-child', 1, 'initiated', 0),
      twilioChild('CA-child', 2, 'ringing', 1),
      twilioChild('CA-child', 9, 'answered', 2),
      twilioChild('CA-child', 98, 'completed', 3, { dur: 89 }),
      twilioDialAction('CA-child', 98, 'completed', 89),
      twilioParent(100, 'completed', { dur: 99 }),
    ],
  ),
  scenario(
    'twilio caller hung up while ringing',
    'twilio',
    ['missed', 'caller_abandoned'],
    [
      twilioParent(0, 'ringing'),
      twilioChild('CA-child', 1, 'initiated', 0),
      twilioChild('CA-child', 2, 'ringing', 1),
      twilioParent(14, 'completed', { dur: 14 }),
      twilioChild('CA-child', 14, 'canceled', 2, { dur: 0 }),
    ],
  ),
  scenario(
    'twilio simultaneous ring, the colleague answers',
    'twilio',
    ['not_missed', 'answered'],
    [
      twilioParent(0, 'ringing'),
      twilioChild('CA-desk', 1, 'initiated', 0),
      twilioChild('CA-colleague', 1, 'initiated', 0, { target: colleague, called: colleague }),
      twilioChild('CA-desk', 2, 'ringing', 1),
      twilioChild('CA-colleague', 2, 'ringing', 1, { target: colleague, called: colleague }),
      twilioChild('CA-colleague', 8, 'answered', 2, { target: colleague, called: colleague }),
      twilioChild('CA-desk', 8, 'canceled', 2, { dur: 0 }),
      twilioChild('CA-colleague', 70, 'completed', 3, {
        dur: 62,
        target: colleague,
        called: colleague,
      }),
      twilioDialAction('CA-colleague', 70, 'completed', 62),
    ],
  ),
  scenario(
    'twilio voicemail, AMD says machine',
    'twilio',
    ['missed', 'voicemail'],
    [
      twilioParent(0, 'ringing'),
      twilioChild('CA-child', 1, 'initiated', 0),
      twilioChild('CA-child', 2, 'ringing', 1),
      twilioChild('CA-child', 17, 'answered', 2),
      // The AMD callback names only the child leg: call_id = leg_id.
      {
        leg: 'CA-child',
        call: 'CA-child',
        status: 'answered',
        t: 20,
        by: 'machine',
        caller: UNKNOWN,
        called: UNKNOWN,
        source: 'amd',
      },
      twilioChild('CA-child', 49, 'completed', 3, { dur: 32 }),
      twilioDialAction('CA-child', 49, 'completed', 32),
      twilioParent(50, 'completed', { dur: 50 }),
    ],
  ),
  scenario(
    'twilio voicemail without AMD (answered after 20 s of ringing)',
    'twilio',
    ['missed', 'voicemail'],
    [
      twilioParent(0, 'ringing'),
      twilioChild('CA-child', 1, 'initiated', 0),
      twilioChild('CA-child', 2, 'ringing', 1),
      twilioChild('CA-child', 22, 'answered', 2),
      twilioChild('CA-child', 53, 'completed', 3, { dur: 31 }),
      twilioDialAction('CA-child', 53, 'completed', 31),
      twilioParent(100, 'completed', { dur: 53 }),
    ],
  ),
  scenario(
    'twilio outbound API call unanswered',
    'twilio',
    ['not_missed', 'outbound'],
    [
      {
        leg: 'CA-out',
        call: 'CA-out',
        role: 'caller',
        direction: 'outbound',
        status: 'initiated',
        t: 1,
        seq: 0,
      },
      {
        leg: 'CA-out',
        call: 'CA-out',
        role: 'caller',
        direction: 'outbound',
        status: 'ringing',
        t: 2,
        seq: 1,
      },
      {
        leg: 'CA-out',
        call: 'CA-out',
        role: 'caller',
        direction: 'outbound',
        status: 'no_answer',
        t: 32,
        seq: 2,
        dur: 0,
      },
    ],
  ),
  scenario(
    'twilio internal client call',
    'twilio',
    ['not_missed', 'internal'],
    [
      {
        leg: 'CA-int',
        call: 'CA-int',
        role: 'caller',
        direction: 'internal',
        status: 'ringing',
        t: 0,
        caller: { raw: 'client:frontdesk', e164: null, withheld: false, kind: 'client' },
      },
      {
        leg: 'CA-int',
        call: 'CA-int',
        role: 'caller',
        direction: 'internal',
        status: 'completed',
        t: 30,
        seq: 0,
        dur: 30,
        caller: { raw: 'client:frontdesk', e164: null, withheld: false, kind: 'client' },
      },
    ],
    null,
  ),
  scenario(
    'twilio withheld caller, no answer',
    'twilio',
    ['missed', 'no_answer'],
    [
      twilioParent(0, 'ringing', { caller: WITHHELD }),
      twilioChild('CA-child', 1, 'initiated', 0, { caller: WITHHELD }),
      twilioChild('CA-child', 2, 'ringing', 1, { caller: WITHHELD }),
      twilioChild('CA-child', 22, 'no_answer', 2, { caller: WITHHELD, dur: 0 }),
      twilioParent(100, 'completed', { caller: WITHHELD, dur: 24 }),
    ],
    null,
  ),
  ...vonageScenarios(),
  ...telnyxScenarios(),
  ...plivoScenarios(),
  ...pbxScenarios(),
];

/** Vonage: inbound (caller) leg answered by the platform; outbound (business) leg to the desk. */
function vonageScenarios(): Scenario[] {
  const inbound = (status: LegStatus, t: number, dur?: number): EventSpec => ({
    leg: 'in-uuid',
    call: 'CON-1',
    role: 'caller',
    status,
    t,
    dur,
  });
  const outbound = (status: LegStatus, t: number, extra: Partial<EventSpec> = {}): EventSpec => ({
    leg: 'out-uuid',
    call: 'CON-1',
    status,
    t,
    caller: UNKNOWN,
    called: pstn(NUMBERS.tracking),
    target: desk,
    ...extra,
  });

  return [
    scenario(
      'vonage busy, out of order with equal timestamps',
      'vonage',
      ['missed', 'busy'],
      [
        inbound('initiated', 0),
        inbound('answered', 0.25),
        outbound('busy', 25.76),
        outbound('initiated', 25.753),
        outbound('ringing', 25.753),
        outbound('completed', 30.576),
        inbound('completed', 31, 31),
      ],
    ),
    scenario(
      'vonage answering machine',
      'vonage',
      ['missed', 'voicemail'],
      [
        inbound('initiated', 0),
        inbound('answered', 0.3),
        outbound('initiated', 0.6),
        outbound('ringing', 1.4),
        outbound('answered', 17),
        outbound('answered', 20, { by: 'machine', source: 'machine-event' }),
        outbound('completed', 21, { dur: 4 }),
        inbound('completed', 21.3, 21),
      ],
    ),
    scenario(
      'vonage caller hung up while ringing',
      'vonage',
      ['missed', 'caller_abandoned'],
      [
        inbound('initiated', 0),
        inbound('answered', 0.3),
        outbound('initiated', 0.6),
        outbound('ringing', 1.4),
        inbound('completed', 12, 12),
        outbound('canceled', 12.1),
        outbound('completed', 12.15),
      ],
    ),
  ];
}

/** Telnyx: A-leg (caller, parked) and B-leg (business) in one call session; no ringing events. */
function telnyxScenarios(): Scenario[] {
  const a = (status: LegStatus, t: number, dur?: number): EventSpec => ({
    leg: 'A',
    call: 'session-1',
    role: 'caller',
    status,
    t,
    dur,
  });
  const b = (status: LegStatus, t: number, extra: Partial<EventSpec> = {}): EventSpec => ({
    leg: 'B',
    call: 'session-1',
    status,
    t,
    target: desk,
    ...extra,
  });

  return [
    scenario(
      'telnyx rejected by callee',
      'telnyx',
      ['missed', 'rejected'],
      [a('initiated', 0.1), b('initiated', 0.9), b('rejected', 4), a('completed', 4.2)],
    ),
    scenario(
      'telnyx caller hung up while ringing',
      'telnyx',
      ['missed', 'caller_abandoned'],
      [a('initiated', 0.1), b('initiated', 0.9), a('canceled', 11), b('canceled', 11.1)],
    ),
    scenario(
      'telnyx no answer, B-leg hangup before anything else',
      'telnyx',
      ['missed', 'no_answer'],
      [b('no_answer', 21), a('initiated', 0.1), a('completed', 23), b('initiated', 0.9)],
    ),
    // call.hangup carries no direction, so an adapter may guess the A-leg's hangup is a business leg.
    scenario(
      'telnyx rejected, A-leg hangup reported without its role',
      'telnyx',
      ['missed', 'rejected'],
      [
        a('initiated', 0.1),
        b('initiated', 0.9),
        b('rejected', 4),
        { leg: 'A', call: 'session-1', status: 'completed', t: 4.2 },
      ],
    ),
    scenario(
      'telnyx answered by a person',
      'telnyx',
      ['not_missed', 'answered'],
      [
        a('initiated', 0.1),
        b('initiated', 0.9),
        b('answered', 7.2),
        b('completed', 90),
        a('completed', 90.2),
      ],
    ),
  ];
}

/** Plivo: the caller leg plus, when the Dial ended, the action callback as the B-leg. */
function plivoScenarios(): Scenario[] {
  const call = (status: LegStatus, t: number, dur?: number): EventSpec => ({
    leg: 'plivo-a',
    call: 'plivo-a',
    role: 'caller',
    status,
    t,
    dur,
  });

  return [
    scenario(
      'plivo no answer',
      'plivo',
      ['missed', 'no_answer'],
      [
        call('ringing', 0),
        { leg: 'plivo-a:dial', call: 'plivo-a', status: 'no_answer', t: 25 },
        call('completed', 31, 31),
      ],
    ),
    scenario(
      'plivo caller hung up during the dial (only the caller leg reported)',
      'plivo',
      ['missed', 'caller_abandoned'],
      [call('ringing', 0), call('canceled', 11, 11)],
    ),
  ];
}

/** sipgate, Asterisk, FreeSWITCH, 3CX and Bird: PBX-style legs and whole-call records. */
function pbxScenarios(): Scenario[] {
  return [
    scenario(
      'sipgate forwarded to a colleague who answers',
      'sipgate',
      ['not_missed', 'answered'],
      [
        { leg: 'SG7', call: 'SG7', status: 'ringing', t: 0 },
        { leg: 'SG7', call: 'SG7', status: 'canceled', t: 10 },
        { leg: 'SG8', call: 'SG7', status: 'ringing', t: 10, target: colleague },
        { leg: 'SG8', call: 'SG7', status: 'answered', t: 14, by: 'human', target: colleague },
        { leg: 'SG8', call: 'SG7', status: 'completed', t: 80, target: colleague },
      ],
    ),
    scenario(
      'sipgate conditional forward from the business landline, caller cancels',
      'sipgate',
      ['missed', 'caller_abandoned'],
      [
        {
          leg: 'SG20',
          call: 'SG20',
          role: 'caller',
          status: 'initiated',
          t: 0,
          forwardedFrom: pstn(NUMBERS.businessLandline),
        },
        {
          leg: 'SG20:Empfang',
          call: 'SG20',
          status: 'ringing',
          t: 0.5,
          caller: pstn(NUMBERS.businessLandline),
        },
        {
          leg: 'SG20',
          call: 'SG20',
          role: 'caller',
          status: 'canceled',
          t: 12,
          forwardedFrom: pstn(NUMBERS.businessLandline),
        },
      ],
    ),
    scenario(
      'asterisk ring group, one member answers (one CDR row per member)',
      'asterisk',
      ['not_missed', 'answered'],
      [
        { leg: 'PJSIP/201', call: '1773134100.84', status: 'no_answer', t: 15, dur: 0 },
        { leg: 'PJSIP/202', call: '1773134100.84', status: 'completed', t: 95, dur: 80 },
        { leg: 'PJSIP/203', call: '1773134100.84', status: 'no_answer', t: 15, dur: 0 },
      ],
    ),
    scenario(
      'asterisk dial times out, VoiceMail() answers',
      'asterisk',
      ['missed', 'voicemail'],
      [
        { leg: 'PJSIP/202', call: '1773134100.84', status: 'no_answer', t: 20, dur: 0 },
        {
          leg: '1773134100.84',
          call: '1773134100.84',
          role: 'whole_call',
          status: 'completed',
          t: 48,
          dur: 28,
          by: 'voicemail',
        },
      ],
    ),
    scenario(
      'freeswitch A-leg CDR, originator cancel',
      'freeswitch',
      ['missed', 'caller_abandoned'],
      [
        // billsec=0: no audio, which says nothing about how long the caller waited.
        { leg: 'fs-a', call: 'fs-a', role: 'whole_call', status: 'canceled', t: 14, dur: 0 },
      ],
    ),
    scenario(
      '3cx answered by an extension after IVR and queue',
      '3cx',
      ['not_missed', 'answered'],
      [
        { leg: '45-0:809', call: 'chid-1', status: 'ringing', t: 0 },
        { leg: '45-0:820', call: 'chid-1', status: 'ringing', t: 1 },
        { leg: '45-1', call: 'chid-1', status: 'answered', t: 5, by: 'human' },
        { leg: 'chid-1', call: 'chid-1', role: 'whole_call', status: 'completed', t: 85, dur: 80 },
      ],
    ),
    scenario(
      'bird inbound no answer (single whole-call leg)',
      'bird',
      ['missed', 'no_answer'],
      [
        { leg: 'bird-1', call: 'bird-1', role: 'whole_call', status: 'initiated', t: 0 },
        { leg: 'bird-1', call: 'bird-1', role: 'whole_call', status: 'ringing', t: 1 },
        { leg: 'bird-1', call: 'bird-1', role: 'whole_call', status: 'no_answer', t: 31 },
      ],
    ),
  ];
}
