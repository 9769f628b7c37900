import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneLineType =
  | 'mobile'
  | 'fixed_line'
  | 'fixed_line_or_mobile'
  | 'premium_rate'
  | 'toll_free'
  | 'shared_cost'
  | 'voip'
  | 'personal_number'
  | 'pager'
  | 'uan'
  | 'voicemail'
  | 'unknown';

export interface PhoneFacts {
  valid: boolean;
  country: string | null;
  type: PhoneLineType;
}

/** What the numbering plan tells about an E.164 number (libphonenumber's full metadata). */
export function describePhone(e164: string): PhoneFacts {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) {
    return { valid: false, country: null, type: 'unknown' };
  }
  const type = parsed.getType();

  return {
    valid: parsed.isValid(),
    country: parsed.country ?? null,
    type: type ? (type.toLowerCase() as PhoneLineType) : 'unknown',
  };
}
