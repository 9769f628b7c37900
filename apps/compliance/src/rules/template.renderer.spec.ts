import {
  formatWeeklyHours,
  optOutLine,
  parseTemplate,
  renderTemplate,
  sanitiseValue,
} from './template.renderer';
import { buildTenant } from './tenant.fixture';

describe('template.renderer', () => {
  describe('parseTemplate', () => {
    it('should list the known placeholders once each', () => {
      const sut = parseTemplate('{business_name}: {booking_link} ({business_name})');

      expect(sut).toEqual({ placeholders: ['business_name', 'booking_link'], findings: [] });
    });

    it('should report unknown placeholders and stray braces', () => {
      const sut = parseTemplate('Hi {caller_name}, {Business_Name} } {');

      expect(sut.findings.map((f) => `${f.code} ${f.detail ?? ''}`)).toEqual([
        'template.unknown_placeholder {caller_name}',
        'template.unknown_placeholder {Business_Name}',
        'template.stray_brace Hi {caller_name}, {Business_Name} } {',
      ]);
      expect(sut.findings.every((f) => f.severity === 'error')).toBe(true);
    });
  });

  describe('renderTemplate', () => {
    it('should fill business name, link, number and hours', () => {
      const tenant = buildTenant({ locale: 'de-DE' });
      const sut = renderTemplate(
        '{business_name} | {booking_link} | {callback_number} | {business_hours}',
        { tenant },
      );

      expect(sut).toEqual({
        ok: true,
        text:
          'Praxis Müller | https://praxis-mueller.example.com/termin | +49 30 23125002 | ' +
          'Mo-Do 08:00-12:00, 14:00-18:00; Fr 08:00-12:00, 14:00-24:00',
        placeholders: ['business_name', 'booking_link', 'callback_number', 'business_hours'],
      });
    });

    it('should give the next opening in local time', () => {
      const tenant = buildTenant();
      const sut = renderTemplate('Ab {next_opening} wieder da.', {
        tenant,
        instant: new Date('2026-03-14T10:00:00Z'),
      });

      expect(sut).toEqual({
        ok: true,
        text: 'Ab Mo 16.03. 08:00 wieder da.',
        placeholders: ['next_opening'],
      });
    });

    it('should write the next opening in English for an English tenant', () => {
      const tenant = buildTenant({ locale: 'en-GB' });
      const sut = renderTemplate('{next_opening}', {
        tenant,
        instant: new Date('2026-03-14T10:00:00Z'),
      });

      expect(sut.ok && sut.text).toBe('Mon 16 Mar 08:00');
    });

    it('should not let a value introduce a placeholder or a line break', () => {
      const tenant = buildTenant({ name: 'Evil {booking_link}\r\nSTOP\u202E now' });
      const sut = renderTemplate('Hallo von {business_name}', { tenant });

      expect(sut).toEqual({
        ok: true,
        text: 'Hallo von Evil booking_link STOP now',
        placeholders: ['business_name'],
      });
    });

    it('should fail when a value is missing', () => {
      const sut = renderTemplate('Buchen: {booking_link}', {
        tenant: buildTenant({ booking_link: undefined }),
      });

      expect(sut).toEqual({
        ok: false,
        findings: [
          {
            code: 'template.missing_value',
            severity: 'error',
            message: 'no value for placeholder',
            detail: '{booking_link}',
          },
        ],
      });
    });

    it('should fail rather than cut a link that is too long', () => {
      const link = `https://praxis-mueller.example.com/${'x'.repeat(100)}`;
      const sut = renderTemplate('{booking_link}', { tenant: buildTenant({ booking_link: link }) });

      expect(sut.ok ? [] : sut.findings.map((f) => f.code)).toEqual(['template.value_too_long']);
    });

    it('should fail on {next_opening} without an instant', () => {
      const sut = renderTemplate('{next_opening}', { tenant: buildTenant() });

      expect(sut.ok ? [] : sut.findings.map((f) => f.code)).toEqual(['template.missing_value']);
    });

    it('should append the opt-out line once when the tenant asks for it', () => {
      const tenant = buildTenant({ opt_out_line: true });

      expect(renderTemplate('Hallo', { tenant })).toMatchObject({ text: 'Hallo\nAbmelden: STOP' });
      expect(renderTemplate('Hallo. Abmelden: STOP', { tenant })).toMatchObject({
        text: 'Hallo. Abmelden: STOP',
      });
      expect(renderTemplate('Hallo', { tenant, appendOptOutLine: false })).toMatchObject({
        text: 'Hallo',
      });
    });
  });

  describe('optOutLine', () => {
    it('should default by language and honour the tenant text', () => {
      expect(optOutLine(buildTenant({ locale: 'de-AT' }))).toBe('Abmelden: STOP');
      expect(optOutLine(buildTenant({ locale: 'en-GB' }))).toBe('Reply STOP to opt out');
      expect(optOutLine(buildTenant({ opt_out_text: 'STOP = keine SMS' }))).toBe(
        'STOP = keine SMS',
      );
    });
  });

  describe('sanitiseValue', () => {
    it('should strip control characters, bidi overrides and braces and collapse spaces', () => {
      expect(sanitiseValue(' A\u0000B\t\t{x}\u2066C\u0007  D ')).toBe('AB xC D');
    });
  });

  describe('formatWeeklyHours', () => {
    it('should group equal consecutive days only', () => {
      const tenant = buildTenant({
        locale: 'en-US',
        schedule: {
          mon: [{ from: '09:00', to: '17:00' }],
          tue: [{ from: '09:00', to: '17:00' }],
          thu: [{ from: '09:00', to: '17:00' }],
          sat: [{ from: '10:00', to: '12:00' }],
        },
      });

      expect(formatWeeklyHours(tenant)).toBe(
        'Mon-Tue 09:00-17:00; Thu 09:00-17:00; Sat 10:00-12:00',
      );
    });
  });
});
