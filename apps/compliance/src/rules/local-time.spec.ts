import { parseTimeOfDay, toLocalMoment, wallClockToInstant } from './local-time';

describe('local-time', () => {
  describe('parseTimeOfDay', () => {
    it.each([
      ['00:00', 0],
      ['07:30', 450],
      ['24:00', 1440],
      ['24:01', null],
      ['12:60', null],
      ['7:30', null],
    ])('should read %s as %s', (value, minutes) => {
      expect(parseTimeOfDay(value)).toBe(minutes);
    });
  });

  describe('wallClockToInstant', () => {
    it('should place an ordinary wall time with the offset in force', () => {
      expect(wallClockToInstant('Europe/Berlin', '2026-07-01', 8 * 60)).toEqual(
        new Date('2026-07-01T06:00:00Z'),
      );
    });

    it('should read 24:00 as the next midnight, across the spring switch', () => {
      expect(wallClockToInstant('Europe/Berlin', '2026-03-28', 1440)).toEqual(
        new Date('2026-03-28T23:00:00Z'),
      );
      expect(wallClockToInstant('Europe/Berlin', '2026-03-29', 1440)).toEqual(
        new Date('2026-03-29T22:00:00Z'),
      );
    });

    it('should map a time in the spring gap to the end of the gap', () => {
      expect(wallClockToInstant('Europe/Berlin', '2026-03-29', 150)).toEqual(
        new Date('2026-03-29T01:00:00Z'),
      );
    });

    it('should map a repeated autumn time to its first occurrence', () => {
      expect(wallClockToInstant('Europe/Berlin', '2026-10-25', 150)).toEqual(
        new Date('2026-10-25T00:30:00Z'),
      );
    });

    it('should throw on an unknown zone', () => {
      expect(() => wallClockToInstant('Mars/Olympus', '2026-01-01', 0)).toThrow(RangeError);
      expect(() => toLocalMoment('Mars/Olympus', new Date())).toThrow('unknown time zone');
    });
  });
});
