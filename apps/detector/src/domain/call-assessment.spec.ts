import { assessCall, dedupe } from './call-assessment';
import { NUMBERS, WITHHELD, at, callEvent, pstn, type EventSpec } from './call-scenarios.fixture';
import { defaultPolicy, policyFromTenant, type DetectorPolicy } from './detector-policy';

const caller = (
  status: EventSpec['status'],
  t: number,
  extra: Partial<EventSpec> = {},
): EventSpec => ({
  leg: 'P',
  call: 'P',
  role: 'caller',
  status,
  t,
  ...extra,
});
const desk = (
  status: EventSpec['status'],
  t: number,
  extra: Partial<EventSpec> = {},
): EventSpec => ({
  leg: 'C',
  call: 'P',
  status,
  t,
  called: pstn(NUMBERS.desk),
  target: pstn(NUMBERS.desk),
  ...extra,
});

function assess(specs: EventSpec[], policy: DetectorPolicy = defaultPolicy) {
  return assessCall(
    specs.map((spec) => callEvent(spec)),
    policy,
  );
}

describe('assessCall', () => {
  describe('misdial (caller hangs up within misdialSeconds, nothing rang)', () => {
    it.each([
      [2, 'not_missed', 'too_short'],
      [3, 'not_missed', 'too_short'],
      [4, 'missed', 'caller_abandoned'],
    ])(
      'should read a %i s call with the desk leg only initiated as %s/%s',
      (seconds, verdict, reason) => {
        const sut = assess([
          caller('ringing', 0),
          desk('initiated', 0.5),
          caller('completed', seconds, { dur: seconds }),
          desk('canceled', seconds),
        ]);

        expect([sut.verdict, sut.reason, sut.complete]).toEqual([verdict, reason, true]);
      },
    );

    it('should measure from the first event to the caller leg end when the carrier states no duration', () => {
      expect(assess([caller('initiated', 0), caller('canceled', 2.5)]).reason).toBe('too_short');
      expect(assess([caller('initiated', 0), caller('canceled', 3.5)]).reason).toBe(
        'caller_abandoned',
      );
    });

    it('should not be a misdial when the desk leg was ringing, however short', () => {
      const sut = assess([
        desk('initiated', 0.2),
        desk('ringing', 0.5),
        caller('completed', 2, { dur: 2 }),
      ]);

      expect([sut.verdict, sut.reason]).toEqual(['missed', 'caller_abandoned']);
    });

    it('should not be a misdial when the desk answered busy within a second', () => {
      const sut = assess([
        desk('initiated', 0.2),
        desk('busy', 0.8),
        caller('completed', 1, { dur: 1 }),
      ]);

      expect([sut.verdict, sut.reason]).toEqual(['missed', 'busy']);
    });

    it('should not read a lone record with 0 s of audio as a misdial (FreeSWITCH billsec=0)', () => {
      const sut = assess([
        { leg: 'fs', call: 'fs', role: 'whole_call', status: 'canceled', t: 14, dur: 0 },
      ]);

      expect([sut.verdict, sut.reason]).toEqual(['missed', 'caller_abandoned']);
    });

    it('should take a positive duration on an unanswered caller leg as the length (Plivo BillDuration)', () => {
      expect(assess([caller('ringing', 0), caller('canceled', 1, { dur: 11 })]).reason).toBe(
        'caller_abandoned',
      );
      expect(assess([caller('ringing', 0), caller('canceled', 1, { dur: 2 })]).reason).toBe(
        'too_short',
      );
    });

    it('should follow the tenant setting (misdial_seconds 0 turns it off)', () => {
      const policy = policyFromTenant({ misdial_seconds: 0, voicemail_counts_as_missed: true });

      expect(
        assess([caller('initiated', 0), caller('canceled', 1, { dur: 1 })], policy).reason,
      ).toBe('caller_abandoned');
      expect(
        assess([caller('initiated', 0), caller('canceled', 0, { dur: 0 })], policy).reason,
      ).toBe('too_short');
    });
  });

  describe('call queues', () => {
    const queue = { raw: 'w9', e164: null, withheld: false, kind: 'extension' as const };
    const queued: EventSpec[] = [
      { leg: 'Q', status: 'ringing', t: 0, target: queue },
      { leg: 'Q', status: 'answered', t: 1, by: 'machine' },
      { leg: 'Q', status: 'completed', t: 41 },
    ];
    const withQueue: DetectorPolicy = { ...defaultPolicy, queueTargets: ['w9'] };

    it('should read a caller who hangs up while a queue holds the call as caller_abandoned', () => {
      const sut = assess(queued, withQueue);

      expect([sut.verdict, sut.reason, sut.complete]).toEqual(['missed', 'caller_abandoned', true]);
    });

    it('should wait while the caller is still in the queue', () => {
      expect(assess(queued.slice(0, 2), withQueue).verdict).toBe('undecided');
    });

    it('should read the same answer as a voicemail box when the target is not a queue', () => {
      expect(assess(queued).reason).toBe('voicemail');
    });

    it('should count a person named on the queue leg as an answer', () => {
      const person: EventSpec[] = [
        queued[0],
        { leg: 'Q', status: 'answered', t: 5, by: 'human' },
        queued[2],
      ];

      expect(assess(person, withQueue).reason).toBe('answered');
    });
  });

  describe('voicemail and answering machines', () => {
    const machine = [
      desk('ringing', 1),
      desk('answered', 6),
      desk('answered', 9, { by: 'machine', source: 'amd' }),
      desk('completed', 30, { dur: 24 }),
    ];

    it('should read a machine answer as missed/voicemail by default', () => {
      expect([assess(machine).verdict, assess(machine).reason]).toEqual(['missed', 'voicemail']);
    });

    it('should read it as not_missed/answered when the tenant does not count voicemail as missed', () => {
      const sut = assess(machine, { ...defaultPolicy, voicemailCountsAsMissed: false });

      expect([sut.verdict, sut.reason]).toEqual(['not_missed', 'answered']);
    });

    it('should read answered_by voicemail like machine', () => {
      const sut = assess([desk('answered', 6, { by: 'voicemail' }), desk('completed', 30)]);

      expect(sut.reason).toBe('voicemail');
    });

    it.each([
      [17, 'not_missed', 'answered'],
      [18, 'missed', 'voicemail'],
      [20, 'missed', 'voicemail'],
    ])(
      'should read an answer without AMD after %i s of ringing as %s/%s',
      (ring, verdict, reason) => {
        const sut = assess([
          desk('ringing', 2),
          desk('answered', 2 + ring),
          desk('completed', 60, { dur: 58 - ring }),
        ]);

        expect([sut.verdict, sut.reason]).toEqual([verdict, reason]);
        expect(sut.legs.find((leg) => leg.legId === 'C')?.ringSeconds).toBe(ring);
      },
    );

    it('should trust AMD over ring time: human after 25 s is answered, unknown (not sure) is a person', () => {
      expect(
        assess([
          desk('ringing', 0),
          desk('answered', 25),
          desk('answered', 27, { by: 'human', source: 'amd' }),
        ]).reason,
      ).toBe('answered');
      expect(
        assess([
          desk('ringing', 0),
          desk('answered', 25),
          desk('answered', 27, { by: 'unknown', source: 'amd' }),
        ]).reason,
      ).toBe('answered');
    });

    it('should take the ring start from initiated when the carrier sends no ringing (Telnyx)', () => {
      expect(assess([desk('initiated', 0.9), desk('answered', 20)]).reason).toBe('voicemail');
      expect(assess([desk('initiated', 0.9), desk('answered', 7.2)]).reason).toBe('answered');
    });

    it('should let the heuristic be turned off', () => {
      const sut = assess([desk('ringing', 2), desk('answered', 30)], {
        ...defaultPolicy,
        voicemailSuspectRingSeconds: null,
      });

      expect([sut.verdict, sut.reason]).toEqual(['not_missed', 'answered']);
    });

    it('should let a person on another leg win over a machine on one leg', () => {
      const sut = assess([
        desk('answered', 5, { by: 'machine' }),
        { leg: 'C2', call: 'P', status: 'answered', t: 6, by: 'human' },
      ]);

      expect([sut.verdict, sut.reason]).toEqual(['not_missed', 'answered']);
    });
  });

  describe('deciding on the legs that rang the business', () => {
    it('should never read the caller leg answered/completed as an answer', () => {
      const sut = assess([
        caller('answered', 0.3),
        desk('ringing', 1),
        desk('no_answer', 21),
        caller('completed', 40, { dur: 40 }),
      ]);

      expect([sut.verdict, sut.reason]).toEqual(['missed', 'no_answer']);
    });

    it('should keep a leg the caller leg when a later event of it guesses business (Telnyx call.hangup has no direction)', () => {
      const sut = assess([
        caller('initiated', 0),
        desk('initiated', 1),
        desk('no_answer', 21),
        { leg: 'P', call: 'P', status: 'completed', t: 23 },
      ]);

      expect([sut.verdict, sut.reason]).toEqual(['missed', 'no_answer']);
      expect(sut.legs.find((leg) => leg.legId === 'P')?.role).toBe('caller');
    });

    it('should read a business completed without answered as answered (the in-progress callback was lost)', () => {
      expect(assess([desk('ringing', 1), desk('completed', 60, { dur: 50 })]).reason).toBe(
        'answered',
      );
    });

    it('should not read completed after busy as answered (Vonage sends completed after every end)', () => {
      const sut = assess([desk('busy', 2), desk('completed', 2.1)]);

      expect([sut.verdict, sut.reason]).toEqual(['missed', 'busy']);
    });

    it('should read completed with zero seconds of audio as no answer', () => {
      const sut = assess([desk('ringing', 1), desk('completed', 30, { dur: 0 })]);

      expect([sut.verdict, sut.reason]).toEqual(['missed', 'no_answer']);
    });

    it('should read the caller leaving while the desk still rang as caller_abandoned', () => {
      const sut = assess([
        desk('initiated', 1),
        desk('ringing', 2),
        caller('completed', 12, { dur: 12 }),
      ]);

      expect([sut.verdict, sut.reason, sut.complete]).toEqual(['missed', 'caller_abandoned', true]);
    });

    it.each([
      ['rejected', 'rejected'],
      ['failed', 'failed'],
      ['no_answer', 'no_answer'],
      ['canceled', 'caller_abandoned'],
    ] as const)('should map a desk leg ending %s to missed/%s', (status, reason) => {
      const sut = assess([desk('ringing', 1), desk(status, 10)]);

      expect([sut.verdict, sut.reason, sut.complete]).toEqual(['missed', reason, true]);
    });

    it('should prefer the strongest cause across legs: abandoned > no_answer > busy > rejected > failed', () => {
      const legs = (a: EventSpec['status'], b: EventSpec['status']) =>
        assess([desk(a, 10), { leg: 'C2', call: 'P', status: b, t: 11 }]).reason;

      expect(legs('busy', 'no_answer')).toBe('no_answer');
      expect(legs('busy', 'canceled')).toBe('caller_abandoned');
      expect(legs('failed', 'rejected')).toBe('rejected');
      expect(legs('failed', 'busy')).toBe('busy');
    });

    it('should wait while one member of a ring group still rings', () => {
      const sut = assess([
        desk('ringing', 1),
        desk('busy', 2),
        { leg: 'C2', call: 'P', status: 'ringing', t: 1 },
      ]);

      expect([sut.verdict, sut.reason, sut.complete]).toEqual([
        'undecided',
        'no_final_event',
        false,
      ]);
    });

    it('should answer at once, before the call is over, when a person picked up', () => {
      const sut = assess([desk('ringing', 1), desk('answered', 5, { by: 'human' })]);

      expect([sut.verdict, sut.reason, sut.complete]).toEqual(['not_missed', 'answered', false]);
    });

    it('should read a whole-call record alone', () => {
      expect(
        assess([{ leg: 'cdr', call: 'cdr', role: 'whole_call', status: 'busy', t: 5, dur: 5 }])
          .reason,
      ).toBe('busy');
      expect(
        assess([
          { leg: 'cdr', call: 'cdr', role: 'whole_call', status: 'completed', t: 60, dur: 50 },
        ]).reason,
      ).toBe('answered');
    });

    it('should be undecided and incomplete with no events at all', () => {
      const sut = assessCall([], defaultPolicy);

      expect(sut).toMatchObject({
        verdict: 'undecided',
        reason: 'no_final_event',
        complete: false,
        caller: null,
        called: null,
        eventsSeen: 0,
      });
    });
  });

  describe('direction', () => {
    it('should read an outbound caller leg as not_missed/outbound even when unanswered', () => {
      const sut = assess([caller('no_answer', 30, { direction: 'outbound' })]);

      expect([sut.verdict, sut.reason]).toEqual(['not_missed', 'outbound']);
    });

    it('should read any internal event as not_missed/internal', () => {
      const sut = assess([caller('ringing', 0, { direction: 'internal' }), desk('no_answer', 20)]);

      expect([sut.verdict, sut.reason]).toEqual(['not_missed', 'internal']);
    });

    it('should not read dialled business legs marked outbound as an outbound call', () => {
      const sut = assess([
        caller('completed', 30, { dur: 30 }),
        desk('no_answer', 20, { direction: 'outbound' }),
      ]);

      expect([sut.verdict, sut.reason, sut.direction]).toEqual(['missed', 'no_answer', 'inbound']);
    });
  });

  describe('parties and instants', () => {
    it('should name the caller leg caller and dialled number, not the desk phone', () => {
      const sut = assess([desk('no_answer', 20), caller('completed', 24, { dur: 24 })]);

      expect(sut.caller?.e164).toBe(NUMBERS.customer);
      expect(sut.called?.e164).toBe(NUMBERS.tracking);
    });

    it('should never name the forwarding line as the caller', () => {
      const landline = pstn(NUMBERS.businessLandline);
      const sut = assess([
        desk('no_answer', 20, { caller: landline, forwardedFrom: landline }),
        caller('completed', 24, { forwardedFrom: landline }),
      ]);

      expect(sut.caller?.e164).toBe(NUMBERS.customer);
      expect(sut.forwardedFrom?.e164).toBe(NUMBERS.businessLandline);
    });

    it('should skip a business number as caller when only business legs were seen (Vonage dials with the tracking number)', () => {
      const sut = assess([
        desk('no_answer', 20, { caller: pstn(NUMBERS.tracking), called: pstn(NUMBERS.tracking) }),
        {
          leg: 'C2',
          call: 'P',
          status: 'no_answer',
          t: 20,
          caller: pstn(NUMBERS.customer),
          called: pstn(NUMBERS.desk),
        },
      ]);

      expect(sut.caller?.e164).toBe(NUMBERS.customer);
    });

    it('should keep a withheld caller rather than pick another number', () => {
      const sut = assess([
        caller('completed', 24, { caller: WITHHELD }),
        desk('no_answer', 20, { caller: pstn(NUMBERS.ukCustomer) }),
      ]);

      expect(sut.caller).toEqual(WITHHELD);
    });

    it('should report the first and last instants, the caller leg call id and the events seen', () => {
      const sut = assess([
        desk('no_answer', 20),
        caller('ringing', 0),
        caller('completed', 24, { dur: 24 }),
      ]);

      expect([sut.startedAt, sut.endedAt, sut.callId, sut.eventsSeen]).toEqual([
        at(0),
        at(24),
        'P',
        3,
      ]);
    });

    it('should compare instants across offsets', () => {
      const events = [
        callEvent(desk('no_answer', 20)),
        { ...callEvent(caller('ringing', 0)), occurred_at: '2026-03-10T10:15:00+01:00' },
      ];

      expect(assessCall(events, defaultPolicy).startedAt).toBe('2026-03-10T10:15:00+01:00');
    });
  });
});

describe('dedupe', () => {
  it('should drop redeliveries by event id and by (leg, status, sequence), keeping unnumbered distinct events', () => {
    const ringing = callEvent(desk('ringing', 2, { seq: 1 }));
    const events = [
      ringing,
      { ...ringing },
      { ...ringing, event_id: 'retry-with-new-id' },
      callEvent(desk('answered', 9)),
      callEvent(desk('answered', 11, { by: 'machine', source: 'amd' })),
    ];

    // Of two copies the canonical order keeps one, whatever arrived first: here the smaller id.
    expect(dedupe(events).map((event) => event.event_id)).toEqual([
      'retry-with-new-id',
      'status:C:answered:-:-:9',
      'amd:C:answered:-:machine:11',
    ]);
    expect(dedupe([...events].reverse()).map((event) => event.event_id)).toEqual(
      dedupe(events).map((event) => event.event_id),
    );
  });
});
