import { accountsFor, callEventsOf, fixtureOf, rejectionOf, requestOf } from '../adapter-test-kit';
import { parseAmiFrames } from './ami-frame.parser';
import { AsteriskAmiAdapter } from './asterisk-ami.adapter';

describe('AsteriskAmiAdapter', () => {
  const sut = new AsteriskAmiAdapter();
  const accounts = accountsFor('asterisk');
  const cancel = fixtureOf('asterisk', 'ami_caller_cancel');

  describe('verify', () => {
    it('should trust a frame from our connection to a configured PBX', () => {
      expect(() => sut.verify(requestOf(cancel, 0), accounts)).not.toThrow();
    });

    it('should refuse the same frame over HTTP, or from an unconfigured PBX', () => {
      const request = requestOf(cancel, 0);
      expect(rejectionOf(() => sut.verify({ ...request, method: 'POST' }, accounts)).status).toBe(
        403,
      );
      expect(
        rejectionOf(() => sut.verify({ ...request, publicUrl: 'tcp://10.9.9.9:5038' }, accounts))
          .status,
      ).toBe(403);
    });
  });

  describe('parse', () => {
    it('should correlate by Linkedid: caller channel, dialled extension, hangup, CDR', () => {
      const events = callEventsOf(sut, cancel);
      expect(events.map((event) => [event.leg_role, event.status])).toEqual([
        ['caller', 'initiated'],
        ['business', 'ringing'],
        ['business', 'canceled'],
        ['caller', 'canceled'],
        ['whole_call', 'no_answer'],
      ]);
      expect(new Set(events.map((event) => event.call_id))).toEqual(new Set(['1773134100.84']));
      expect(events[1].leg_target).toMatchObject({ raw: '202', kind: 'extension' });
      // German trunks send national numbers: 0152… is +49152….
      expect(
        events.every(
          (event) => event.caller.e164 === '+4915228817386' && event.direction === 'inbound',
        ),
      ).toBe(true);
    });

    it('should read ring-group CDR rows as one call with one answered row', () => {
      const events = callEventsOf(sut, fixtureOf('asterisk', 'cdr_ring_group_one_answered'));
      expect(events.map((event) => event.status)).toEqual(['no_answer', 'completed', 'no_answer']);
      expect(new Set(events.map((event) => event.leg_id)).size).toBe(3);
      expect(events[1].answered_by).toBeUndefined();
    });

    it('should read an ANSWERED CDR with LastApplication VoiceMail as voicemail', () => {
      const events = callEventsOf(sut, fixtureOf('asterisk', 'cdr_voicemail_answered'));
      expect(events[1]).toMatchObject({
        leg_role: 'whole_call',
        status: 'completed',
        answered_by: 'voicemail',
        duration_s: 28,
      });
    });
  });

  describe('parseAmiFrames', () => {
    it('should split CRLF frames on blank lines and keep an unterminated rest', () => {
      const text =
        'Asterisk Call Manager/5.0.2\r\nResponse: Success\r\nActionID: a\r\n\r\nEvent: Hangup\r\nCause: 16\r\n\r\nEvent: Dial';
      const { frames, rest } = parseAmiFrames(text);
      expect(frames).toEqual([
        { Response: 'Success', ActionID: 'a' },
        { Event: 'Hangup', Cause: '16' },
      ]);
      expect(rest).toBe('Event: Dial');
    });
  });
});
