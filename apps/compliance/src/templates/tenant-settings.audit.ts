import type { Tenant } from '@rebound/config';
import { checkTemplate } from '../rules/content.guard';
import type { Finding } from '../rules/legal-basis';
import { allowedCountries } from '../rules/number.rules';
import { validateSchedule } from '../rules/schedule.validator';
import { checkSenderId } from '../rules/sender-id.rules';

export interface TenantFinding extends Finding {
  tenantId: string;
  /** The template, `schedule` or `sender` the finding is about. */
  subject: string;
}

/**
 * What the content guard, the schedule validator and the sender-id rules
 * find in one tenant's settings when they are loaded: every template
 * rendered with the tenant's own values, the time settings, and the sender
 * for each country the tenant may text.
 */
export function auditTenant(tenant: Tenant, now: Date): TenantFinding[] {
  const about = (subject: string) => (finding: Finding) => ({
    ...finding,
    tenantId: tenant.id,
    subject,
  });
  const templates = Object.entries(tenant.templates).flatMap(([key, template]) =>
    template ? checkTemplate(template, tenant, now).map(about(`template ${key}`)) : [],
  );
  const senders = allowedCountries(tenant).flatMap((country) =>
    checkSenderId({
      sender: tenant.sender,
      destinationCountry: country,
      optOutByReply: tenant.opt_out_line,
    }).map(about(`sender to ${country}`)),
  );

  return [...validateSchedule(tenant).map(about('schedule')), ...templates, ...senders];
}

/** One line per finding, naming tenant, subject, rule and the offending fragment. */
export function describeFinding(finding: TenantFinding): string {
  const detail = finding.detail ? ` (${finding.detail})` : '';

  return `tenant ${finding.tenantId}: ${finding.subject}: ${finding.code}: ${finding.message}${detail}`;
}
