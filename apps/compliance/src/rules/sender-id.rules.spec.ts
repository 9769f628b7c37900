import { checkSenderId, classifySender } from './sender-id.rules';

describe('sender-id.rules', () => {
  describe('classifySender', () => {
    it.each([
      ['+493023125001', 'e164'],
      ['22255', 'short_code'],
      ['PraxisMuel', 'alphanumeric'],
      ['Praxis Mue', 'alphanumeric'],
      ['PraxisMuell', 'alphanumeric'],
      ['PraxisMuelle', 'invalid'],
      ['Praxis-Mue', 'invalid'],
      ['Müller', 'invalid'],
      [' Praxis', 'invalid'],
      ['12', 'invalid'],
    ])('should read %j as %s', (sender, kind) => {
      expect(classifySender(sender)).toBe(kind);
    });
  });

  describe('checkSenderId', () => {
    it('should accept an alphanumeric sender to Germany without reply opt-out', () => {
      expect(
        checkSenderId({ sender: 'PraxisMuel', destinationCountry: 'DE', optOutByReply: false }),
      ).toEqual([]);
    });

    it('should reject an alphanumeric sender to the US and Canada', () => {
      const us = checkSenderId({
        sender: 'PraxisMuel',
        destinationCountry: 'us',
        optOutByReply: false,
      });
      const ca = checkSenderId({
        sender: 'PraxisMuel',
        destinationCountry: 'CA',
        optOutByReply: false,
      });

      expect(us.map((f) => `${f.code}:${f.severity}:${f.detail}`)).toEqual([
        'sender.alphanumeric_not_allowed:error:US',
      ]);
      expect(ca.map((f) => f.code)).toEqual(['sender.alphanumeric_not_allowed']);
    });

    it('should flag an alphanumeric sender when opt-out is by STOP reply', () => {
      const sut = checkSenderId({
        sender: 'PraxisMuel',
        destinationCountry: 'DE',
        optOutByReply: true,
      });

      expect(sut).toEqual([
        {
          code: 'sender.alphanumeric_no_reply',
          severity: 'error',
          message: 'alphanumeric senders cannot receive STOP',
          detail: 'PraxisMuel',
        },
      ]);
    });

    it('should only warn for a country without policy', () => {
      const sut = checkSenderId({
        sender: 'PraxisMuel',
        destinationCountry: 'LS',
        optOutByReply: false,
      });

      expect(sut.map((f) => `${f.code}:${f.severity}`)).toEqual([
        'sender.alphanumeric_not_allowed:warning',
      ]);
    });

    it('should accept a number sender anywhere, with reply opt-out', () => {
      expect(
        checkSenderId({ sender: '+493023125001', destinationCountry: 'US', optOutByReply: true }),
      ).toEqual([]);
    });

    it('should reject an invalid sender', () => {
      expect(
        checkSenderId({
          sender: 'Praxis Müller',
          destinationCountry: 'DE',
          optOutByReply: false,
        }).map((f) => f.code),
      ).toEqual(['sender.invalid']);
    });
  });
});
