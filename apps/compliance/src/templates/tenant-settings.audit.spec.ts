import { join } from 'node:path';
import { TenantDirectory } from '@rebound/config';
import { buildTenant } from '../rules/tenant.fixture';
import { auditTenant, describeFinding } from './tenant-settings.audit';

const NOW = new Date('2026-03-10T09:20:00Z');

describe('auditTenant', () => {
  it('should find nothing blocking in the shipped tenants file', () => {
    const directory = TenantDirectory.fromFile(join(__dirname, '../../../../config/tenants.yaml'));

    const errors = directory
      .all()
      .flatMap((tenant) => auditTenant(tenant, NOW))
      .filter((finding) => finding.severity === 'error');

    expect(errors).toEqual([]);
  });

  it('should name tenant, template and shortener for a template with a bit.ly link', () => {
    const tenant = buildTenant({
      templates: { business_hours: '{business_name}: Termin unter https://bit.ly/x1' },
    });

    const lines = auditTenant(tenant, NOW)
      .filter((finding) => finding.severity === 'error')
      .map(describeFinding);

    expect(lines).toEqual([
      `tenant ${tenant.id}: template business_hours: content.url_shortener: public URL shortener (bit.ly)`,
    ]);
  });

  it('should refuse an alphanumeric sender for a country whose carriers drop it', () => {
    const tenant = buildTenant({ sender: 'Praxis', allowed_countries: ['DE', 'US'] });

    const codes = auditTenant(tenant, NOW).map((finding) => [finding.subject, finding.code]);

    expect(codes).toContainEqual(['sender to US', 'sender.alphanumeric_not_allowed']);
    expect(codes).not.toContainEqual(['sender to DE', 'sender.alphanumeric_not_allowed']);
  });

  it('should report an interval that runs backwards as a schedule error', () => {
    const tenant = buildTenant({ schedule: { mon: [{ from: '18:00', to: '08:00' }] } });

    const schedule = auditTenant(tenant, NOW).filter((finding) => finding.subject === 'schedule');

    expect(schedule.map((finding) => finding.code)).toEqual(['schedule.invalid_interval']);
  });
});
