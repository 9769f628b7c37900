import { LegIndex, legLinksOf, namesOnlyItsLeg, resolveCallId } from './leg-index';

const ev = (
  call_id: string,
  leg_id: string,
  leg_role: 'caller' | 'business' | 'whole_call' = 'business',
) => ({ call_id, leg_id, leg_role });

describe('leg-index', () => {
  describe('legLinksOf', () => {
    it('should learn leg → call from an event whose call id differs from its leg id', () => {
      expect(legLinksOf(ev('CA-parent', 'CA-child'))).toEqual([
        { legId: 'CA-child', callId: 'CA-parent' },
      ]);
    });

    it('should learn nothing from an event that names only itself', () => {
      expect(legLinksOf(ev('CA-child', 'CA-child'))).toEqual([]);
    });
  });

  describe('namesOnlyItsLeg', () => {
    it('should flag a business event with call_id == leg_id (Twilio AMD), not a caller leg', () => {
      expect(namesOnlyItsLeg(ev('CA-child', 'CA-child'))).toBe(true);
      expect(namesOnlyItsLeg(ev('CA-parent', 'CA-parent', 'caller'))).toBe(false);
      expect(namesOnlyItsLeg(ev('CA-parent', 'CA-child'))).toBe(false);
    });
  });

  describe('resolveCallId', () => {
    const table = new Map([
      ['CA-child', 'CA-parent'],
      ['SG10', 'SG09'],
      ['SG09', 'SG08'],
      ['loop-a', 'loop-b'],
      ['loop-b', 'loop-a'],
    ]);
    const lookup = (legId: string) => table.get(legId);

    it('should join an AMD event naming only the child leg to its parent call', () => {
      expect(resolveCallId(ev('CA-child', 'CA-child'), lookup)).toBe('CA-parent');
    });

    it('should keep the call id of an event that names its call', () => {
      expect(resolveCallId(ev('CA-parent', 'CA-other'), lookup)).toBe('CA-parent');
    });

    it('should follow a chain of forwards to the first call', () => {
      expect(resolveCallId(ev('SG10', 'SG10'), lookup)).toBe('SG08');
    });

    it('should leave an unknown leg as it is (the service holds it until a link arrives)', () => {
      expect(resolveCallId(ev('CA-unknown', 'CA-unknown'), lookup)).toBe('CA-unknown');
    });

    it('should stop on a cycle', () => {
      expect(['loop-a', 'loop-b']).toContain(resolveCallId(ev('loop-a', 'loop-a'), lookup));
    });
  });

  describe('LegIndex', () => {
    it('should group an AMD event that arrived first with its call', () => {
      const groups = LegIndex.group([
        ev('CA-child', 'CA-child'),
        ev('CA-parent', 'CA-parent', 'caller'),
        ev('CA-parent', 'CA-child'),
      ]);

      expect([...groups.keys()]).toEqual(['CA-parent']);
      expect(groups.get('CA-parent')).toHaveLength(3);
    });

    it('should keep the first link for a leg', () => {
      const sut = new LegIndex();

      expect(sut.record(ev('CA-parent', 'CA-child'))).toEqual([
        { legId: 'CA-child', callId: 'CA-parent' },
      ]);
      expect(sut.record(ev('CA-elsewhere', 'CA-child'))).toEqual([]);
      expect(sut.resolve(ev('CA-child', 'CA-child'))).toBe('CA-parent');
    });
  });
});
