import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Tenant } from '@rebound/config';
import type { PhoneParty } from '@rebound/contracts';
import { WITHHELD_DIGIT_SENTINELS, describePhone, type PhoneLineType } from '@rebound/phone';
import type { ReasonCode, RuleCode } from './legal-basis';

export type NumberVerdict =
  { allowed: true; country: string } | { allowed: false; reason: NumberRefusal; rule: RuleCode };

export type NumberRefusal = Extract<
  ReasonCode,
  | 'withheld_caller'
  | 'invalid_number'
  | 'premium_or_short_number'
  | 'not_mobile'
  | 'country_not_allowed'
  | 'blocklisted'
>;

/** Numbering-plan types that never take a text, or cost the caller to reach. */
const PREMIUM_OR_SHORT: ReadonlySet<PhoneLineType> = new Set([
  'premium_rate',
  'shared_cost',
  'toll_free',
  'uan',
  'personal_number',
]);

/**
 * German landlines cannot receive SMS (Twilio 30006 after the fact), so
 * FIXED_LINE is refused up front. FIXED_LINE_OR_MOBILE (all of NANP) and
 * VoIP may be texted; the provider's delivery receipt has the last word.
 */
const NOT_MOBILE: ReadonlySet<PhoneLineType> = new Set(['fixed_line', 'pager', 'voicemail']);

/** Invalid national numbers this short are service or short codes (11880), not typos. */
const MAX_SHORT_NUMBER_DIGITS = 6;

/**
 * May the caller be texted for this tenant? Checks run in a fixed order and
 * the first refusal wins: withheld, invalid, premium/short, not mobile,
 * country, blocklist.
 */
export function checkCallerNumber(
  caller: PhoneParty | string | null,
  tenant: Tenant,
): NumberVerdict {
  const e164 = typeof caller === 'string' ? caller : (caller?.e164 ?? null);
  if (isWithheld(caller, e164)) {
    return refuse('withheld_caller', 'number.withheld');
  }
  if (e164 === null) {
    // Not withheld, just not a phone number we know (a SIP client, an
    // extension, or a carrier event that never named the customer).
    return refuse('invalid_number', 'number.missing');
  }
  const facts = describePhone(e164);
  if (!facts.allocated && isShortNumber(e164)) {
    return refuse('premium_or_short_number', 'number.premium_or_short');
  }
  if (!facts.valid || facts.country === null) {
    return isShortNumber(e164)
      ? refuse('premium_or_short_number', 'number.premium_or_short')
      : refuse('invalid_number', 'number.invalid');
  }

  return checkKnownNumber(e164, facts.type, facts.country, tenant);
}

function checkKnownNumber(
  e164: string,
  type: PhoneLineType,
  country: string,
  tenant: Tenant,
): NumberVerdict {
  if (PREMIUM_OR_SHORT.has(type)) {
    return refuse('premium_or_short_number', 'number.premium_or_short');
  }
  if (NOT_MOBILE.has(type)) {
    return refuse('not_mobile', 'number.not_mobile');
  }
  if (!allowedCountries(tenant).includes(country)) {
    return refuse('country_not_allowed', 'number.country');
  }
  if (tenant.blocklist.includes(e164)) {
    return refuse('blocklisted', 'number.blocklist');
  }

  return { allowed: true, country };
}

export function allowedCountries(tenant: Tenant): string[] {
  return (tenant.allowed_countries ?? [tenant.country]).map((country) => country.toUpperCase());
}

function isWithheld(caller: PhoneParty | string | null, e164: string | null): boolean {
  if (caller === null || (typeof caller !== 'string' && caller.withheld)) {
    return true;
  }

  return e164 !== null && WITHHELD_DIGIT_SENTINELS.has(e164.replace(/^\+/, ''));
}

function isShortNumber(e164: string): boolean {
  const parsed = parsePhoneNumberFromString(e164);

  return parsed !== undefined && parsed.nationalNumber.length <= MAX_SHORT_NUMBER_DIGITS;
}

function refuse(reason: NumberRefusal, rule: RuleCode): NumberVerdict {
  return { allowed: false, reason, rule };
}
