import type { Finding } from './legal-basis';
import {
  checkRenderedText,
  checkTemplate,
  findMarketingWords,
  findUrlShorteners,
} from './content.guard';
import { buildTenant } from './tenant.fixture';

const codes = (findings: Finding[]): string[] =>
  findings.map((f) => `${f.code}:${f.severity}:${f.detail ?? ''}`);
const CLEAN = 'Hallo! Wir haben Ihren Anruf verpasst und rufen zurück. Praxis Müller';
const instant = new Date('2026-03-10T09:20:00Z');

describe('content.guard', () => {
  describe('checkRenderedText', () => {
    it('should pass a plain service text', () => {
      expect(checkRenderedText(CLEAN, buildTenant())).toEqual([]);
    });

    it('should refuse an empty text', () => {
      expect(codes(checkRenderedText('  ', buildTenant()))).toEqual(['content.empty:error:']);
    });

    it('should require the business name', () => {
      expect(codes(checkRenderedText('Wir rufen zurück.', buildTenant()))).toEqual([
        'content.business_name_missing:error:Praxis Müller',
      ]);
    });

    it('should find the name regardless of case and spacing', () => {
      expect(checkRenderedText('Ihre PRAXIS  müller ruft zurück', buildTenant())).toEqual([]);
    });

    it('should require an opt-out line only when the tenant asks for one', () => {
      const tenant = buildTenant({ opt_out_line: true });

      expect(codes(checkRenderedText(CLEAN, tenant))).toEqual([
        'content.opt_out_line_missing:error:Abmelden: STOP',
      ]);
      expect(checkRenderedText(`${CLEAN}\nAbmelden: STOP`, tenant)).toEqual([]);
      expect(checkRenderedText(`${CLEAN} STOP to opt out`, tenant)).toEqual([]);
      expect(codes(checkRenderedText(`${CLEAN} Stopover`, tenant))).toEqual([
        'content.opt_out_line_missing:error:Abmelden: STOP',
      ]);
    });

    it('should warn about a UCS-2 trap and block when segments exceed the limit', () => {
      const text = `${CLEAN} – ${'x'.repeat(80)}`;
      const sut = checkRenderedText(text, buildTenant({ max_segments: 2 }));

      expect(sut).toEqual([
        {
          code: 'content.ucs2_trigger',
          severity: 'warning',
          message: 'forces UCS-2, use "-"',
          detail: '– U+2013',
        },
        {
          code: 'content.too_many_segments',
          severity: 'error',
          message: '3 UCS-2 segments, at most 2',
          detail: '3',
        },
      ]);
    });

    it('should allow the same length in GSM-7', () => {
      expect(checkRenderedText(`${CLEAN} - ${'x'.repeat(80)}`, buildTenant())).toEqual([]);
    });
  });

  describe('findMarketingWords', () => {
    it.each([
      ['Big SALE today', 'sale', 'error'],
      ['20 % off all cleanings', '% off', 'error'],
      ['Use promo code SPRING', 'promo', 'error'],
      ['Jetzt mit Sommerrabatt!', 'rabatt', 'error'],
      ['Ihr Gutscheincode', 'gutschein', 'error'],
      ['Nur heute Sonderangebote', 'sonderangebot', 'error'],
      ['Zahnreinigung gratis', 'gratis', 'error'],
      ['Unser Schnäppchen', 'schnäppchen', 'error'],
      ['Feel free to call back', 'free', 'warning'],
      ['We offer a callback', 'offer', 'warning'],
      ['Ihr Angebot ist fertig', 'angebot', 'warning'],
      ['Rückruf kostenlos', 'kostenlos', 'warning'],
    ])('should flag %j by %j as %s', (text, detail, severity) => {
      expect(findMarketingWords(text)).toEqual([
        { code: 'content.marketing_word', severity, message: 'marketing wording', detail },
      ]);
    });

    it.each([
      'We are offering callbacks',
      'Your Offerte is ready',
      'Die Aktionärsversammlung',
      'Freedom Dental',
      'Salesforce Praxis',
      'We will call you back',
    ])('should not flag %j', (text) => {
      expect(findMarketingWords(text)).toEqual([]);
    });

    it('should honour the tenant word lists', () => {
      const tenant = buildTenant({
        content_policy: { marketing_words: ['*bonus*'], allowed_words: ['Angebot'] },
      });

      expect(findMarketingWords('Ihr Angebot und Treuebonus', tenant)).toEqual([
        {
          code: 'content.marketing_word',
          severity: 'error',
          message: 'marketing wording',
          detail: 'bonus',
        },
      ]);
    });
  });

  describe('findUrlShorteners', () => {
    it.each([
      ['Termin: https://bit.ly/3xYz', 'bit.ly'],
      ['Termin: bit.ly/3xYz', 'bit.ly'],
      ['See http://www.tinyurl.com/abc.', 'tinyurl.com'],
      ['Link (https://t.co/x)', 't.co'],
      ['go to custom.rebrand.ly/a', 'custom.rebrand.ly'],
      ['HTTPS://CUTT.LY/abc', 'cutt.ly'],
    ])('should flag %j as %s', (text, host) => {
      expect(findUrlShorteners(text)).toEqual([
        {
          code: 'content.url_shortener',
          severity: 'error',
          message: 'public URL shortener',
          detail: host,
        },
      ]);
    });

    it.each([
      'https://praxis-mueller.example.com/termin',
      'Mail info@bit.ly.example.com',
      'https://t.com/x',
      'z.B. morgen',
    ])('should not flag %j', (text) => {
      expect(findUrlShorteners(text)).toEqual([]);
    });

    it('should add the tenant hosts', () => {
      const tenant = buildTenant({ content_policy: { url_shorteners: ['kurz.link'] } });

      expect(findUrlShorteners('https://kurz.link/a', tenant).map((f) => f.detail)).toEqual([
        'kurz.link',
      ]);
    });
  });

  describe('checkTemplate', () => {
    it('should render with tenant values and pass a clean template', () => {
      const template = 'Hallo! Wir rufen zurück. {business_name}, Termin: {booking_link}';

      expect(checkTemplate(template, buildTenant(), instant)).toEqual([]);
    });

    it('should report template errors and content together', () => {
      const sut = checkTemplate('{caller} 50% Rabatt: bit.ly/x', buildTenant(), instant);

      expect(codes(sut)).toEqual([
        'template.unknown_placeholder:error:{caller}',
        'content.marketing_word:error:rabatt',
        'content.url_shortener:error:bit.ly',
      ]);
    });

    it('should count segments with the opt-out line appended', () => {
      const tenant = buildTenant({ opt_out_line: true, max_segments: 1 });
      const template = `{business_name} ${'x'.repeat(140)}`;

      expect(codes(checkTemplate(template, tenant, instant))).toEqual([
        'content.too_many_segments:error:2',
      ]);
    });
  });
});
