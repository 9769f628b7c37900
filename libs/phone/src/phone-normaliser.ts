import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { PhoneParty } from '@rebound/contracts';
import { WITHHELD_DIGIT_SENTINELS, WITHHELD_WORDS } from './withheld-sentinels';

export interface NormaliseOptions {
  /** Country whose national format applies when the number has no prefix. */
  defaultCountry: CountryCode;
  /**
   * The carrier sends international numbers without a leading `+`
   * (Vonage, MessageBird, sipgate, 3CX do). A bare `4915…` is then read as
   * `+4915…`, not as a national number.
   */
  digitsAreInternational?: boolean;
}

const CLIENT_PREFIXES = ['client:', 'sip:', 'sips:', 'app:', 'user:'];

/** Reads a carrier's caller or called value into a {@link PhoneParty}. */
export function normalisePhone(
  raw: string | undefined | null,
  options: NormaliseOptions,
): PhoneParty {
  const value = (raw ?? '').trim();
  const lower = value.toLowerCase();

  if (WITHHELD_WORDS.has(lower)) {
    return { raw: value, e164: null, withheld: true, kind: 'withheld' };
  }
  if (CLIENT_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
    return { raw: value, e164: null, withheld: false, kind: 'client' };
  }

  const digits = value.replace(/[\s\-()./]/g, '');
  const bareDigits = digits.replace(/^\+/, '').replace(/^00/, '');
  if (WITHHELD_DIGIT_SENTINELS.has(bareDigits)) {
    return { raw: value, e164: null, withheld: true, kind: 'withheld' };
  }
  if (!/^\+?\d+$/.test(digits)) {
    return { raw: value, e164: null, withheld: false, kind: 'unknown' };
  }
  if (!digits.startsWith('+') && !digits.startsWith('0') && digits.length <= 6) {
    return { raw: value, e164: null, withheld: false, kind: 'extension' };
  }

  const e164 = toE164(digits, options);

  return e164
    ? { raw: value, e164, withheld: false, kind: 'pstn' }
    : { raw: value, e164: null, withheld: false, kind: 'unknown' };
}

function toE164(digits: string, options: NormaliseOptions): string | null {
  const candidates = candidateInternationalForms(digits, options);
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, options.defaultCountry);
    if (parsed?.isPossible()) {
      return parsed.number;
    }
  }

  return null;
}

function candidateInternationalForms(digits: string, options: NormaliseOptions): string[] {
  if (digits.startsWith('+')) {
    return [digits];
  }
  if (digits.startsWith('00')) {
    return [`+${digits.slice(2)}`];
  }
  if (digits.startsWith('0')) {
    return [digits];
  }

  return options.digitsAreInternational ? [`+${digits}`, digits] : [digits, `+${digits}`];
}
