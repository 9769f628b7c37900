import { overwritableBy, statusRank } from './status.rank';

describe('status rank', () => {
  it('should let a later status replace an earlier one only', () => {
    expect(overwritableBy('sent')).toEqual(['accepted', 'queued']);
    expect(overwritableBy('accepted')).toEqual([]);
  });

  it('should never let anything replace a final status', () => {
    expect(overwritableBy('delivered')).toEqual(['accepted', 'queued', 'sent']);
    expect(overwritableBy('undelivered')).not.toContain('delivered');
    expect(statusRank('expired')).toBe(statusRank('delivered'));
  });
});
