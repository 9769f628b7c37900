import { hasErrors, LEGAL_BASIS, REASON_CODES, RULE_CODES } from './legal-basis';

describe('legal-basis', () => {
  it('should name the legitimate-interest basis of a text-back', () => {
    expect(LEGAL_BASIS.replyToCall).toBe(
      "GDPR Art. 6(1)(f) legitimate interest: reply to the caller's own call",
    );
  });

  it('should carry the reason words the fixture corpus expects', () => {
    expect(REASON_CODES).toEqual(expect.arrayContaining(['withheld_caller', 'not_mobile']));
  });

  it('should keep rule codes unique and shaped area.rule', () => {
    expect(new Set(RULE_CODES).size).toBe(RULE_CODES.length);
    expect(RULE_CODES.filter((code) => !/^[a-z_]+\.[a-z0-9_]+$/.test(code))).toEqual([]);
  });

  it('should block only on errors', () => {
    const warning = {
      code: 'content.ucs2_trigger' as const,
      severity: 'warning' as const,
      message: 'w',
    };

    expect(hasErrors([warning])).toBe(false);
    expect(hasErrors([warning, { ...warning, severity: 'error' }])).toBe(true);
  });
});
