import fc from 'fast-check';
import { analyseSms, countSegments, isGsm7, toGsmLookalikes } from './sms-encoding';

const GSM_BASIC_SAMPLE = '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà\n';
const GSM_EXTENSION_SAMPLE = '^{}\\[~]|€\f';
const gsmChar = fc.constantFrom(...Array.from(GSM_BASIC_SAMPLE + GSM_EXTENSION_SAMPLE));
const gsmText = fc.array(gsmChar, { maxLength: 500 }).map((chars) => chars.join(''));

describe('sms-encoding', () => {
  describe('fixture segments_ucs2_due_to_typographic_quote', () => {
    const body = 'Hallo! Wir haben Ihren Anruf verpasst – wir rufen Sie zurück. Ihre Praxis Müller';

    it('should go UCS-2 with 2 segments because of the en dash', () => {
      const sut = analyseSms(body);

      expect(sut.encoding).toBe('UCS-2');
      expect(sut.units).toBe(80);
      expect(sut.segments).toBe(2);
      expect(sut.ucs2Triggers).toEqual([
        { char: '–', codePoint: 'U+2013', index: 38, suggestion: '-' },
      ]);
    });

    it('should fit one GSM-7 segment once the dash is replaced', () => {
      const sut = analyseSms(toGsmLookalikes(body));

      expect(sut).toEqual({ encoding: 'GSM-7', units: 80, segments: 1, ucs2Triggers: [] });
    });
  });

  describe('GSM-7 limits', () => {
    it('should keep 160 septets in one segment and split 161 into two', () => {
      expect(countSegments('a'.repeat(160))).toBe(1);
      expect(countSegments('a'.repeat(161))).toBe(2);
      expect(countSegments('a'.repeat(306))).toBe(2);
      expect(countSegments('a'.repeat(307))).toBe(3);
    });

    it('should count extension characters as two septets', () => {
      const sut = analyseSms('€'.repeat(80));

      expect(sut.units).toBe(160);
      expect(sut.segments).toBe(1);
      expect(countSegments('€'.repeat(80) + 'a')).toBe(2);
    });

    it('should count the form feed as an extension character', () => {
      expect(analyseSms('\f').units).toBe(2);
    });

    it('should not split an escape pair across parts', () => {
      const text = 'a'.repeat(152) + '€' + 'a'.repeat(10);

      expect(analyseSms(text).units).toBe(164);
      expect(countSegments(text)).toBe(2);
      expect(countSegments('a'.repeat(152) + '€'.repeat(77))).toBe(3);
    });

    it('should keep umlauts and ß in GSM-7', () => {
      expect(analyseSms('Grüße aus Köln, Ärztin Müßig').encoding).toBe('GSM-7');
    });

    it('should count the empty text as zero segments', () => {
      expect(countSegments('')).toBe(0);
    });
  });

  describe('UCS-2 limits', () => {
    it('should keep 70 units in one segment and 67 per part beyond', () => {
      expect(countSegments('–'.repeat(70))).toBe(1);
      expect(countSegments('–'.repeat(71))).toBe(2);
      expect(countSegments('–'.repeat(134))).toBe(2);
      expect(countSegments('–'.repeat(135))).toBe(3);
    });

    it('should count an emoji as two units and never split it', () => {
      const text = 'a'.repeat(66) + '😀' + 'a';
      const sut = analyseSms(text);

      expect(sut.units).toBe(69);
      expect(sut.segments).toBe(1);
      expect(countSegments('a'.repeat(66) + '😀' + 'a'.repeat(3))).toBe(2);
      expect(countSegments('a'.repeat(66) + '😀'.repeat(34))).toBe(3);
    });

    it('should list each trigger once with its first index and no suggestion for emoji', () => {
      const sut = analyseSms('Hi 😀 du 😀 “x”');

      expect(sut.ucs2Triggers).toEqual([
        { char: '😀', codePoint: 'U+1F600', index: 3, suggestion: null },
        { char: '“', codePoint: 'U+201C', index: 12, suggestion: '"' },
        { char: '”', codePoint: 'U+201D', index: 14, suggestion: '"' },
      ]);
    });

    it('should suggest GSM text for the typographic traps', () => {
      expect(toGsmLookalikes('It’s ‘x’ “y” – — … a\u00A0b\u200Bc')).toBe(
        "It's 'x' \"y\" - - ... a bc",
      );
    });
  });

  describe('properties', () => {
    it('should read every GSM-only string as GSM-7', () => {
      fc.assert(
        fc.property(gsmText, (text) => isGsm7(text) && analyseSms(text).encoding === 'GSM-7'),
      );
    });

    it('should never lower the segment count when a character is appended', () => {
      const anyChar = fc.oneof(gsmChar, fc.constantFrom('–', '😀', '’', 'ç'));

      fc.assert(
        fc.property(
          gsmText,
          anyChar,
          (text, char) => countSegments(text + char) >= countSegments(text),
        ),
      );
    });

    it('should never lower the segment count as a GSM text grows', () => {
      fc.assert(fc.property(gsmText, gsmText, (a, b) => countSegments(a + b) >= countSegments(a)));
    });
  });
});
