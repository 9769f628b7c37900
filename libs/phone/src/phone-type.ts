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
  /**
   * The number can exist: right length for its country. Numbering-plan data
   * lags new allocations, so a possible number in a range the data does not
   * know yet counts as valid, with type `unknown` (never assumed landline).
   */
  valid: boolean;
  /** The numbering plan data knows the range the number is in. */
  allocated: boolean;
  country: string | null;
  type: PhoneLineType;
}

/** What the numbering plan tells about an E.164 number (libphonenumber's full metadata). */
export function describePhone(e164: string): PhoneFacts {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) {
    return { valid: false, allocated: false, country: null, type: 'unknown' };
  }
  const allocated = parsed.isValid();
  const type = allocated
    ? parsed.getType()
    : rangeTypeOf(parsed.countryCallingCode, parsed.nationalNumber);

  return {
    valid: allocated || parsed.isPossible(),
    allocated,
    country: parsed.country ?? parsed.getPossibleCountries()[0] ?? null,
    type: type ? (type.toLowerCase() as PhoneLineType) : 'unknown',
  };
}

/**
 * The line type of the range an unallocated number sits in: the type of the
 * nearest allocated number that shares its leading digits (same prefix,
 * zero-padded to a valid length). A number one digit too long in the 0900
 * premium range is still premium; a reserved range with no allocated
 * neighbour (the UK's 07700 900 drama block) stays unknown.
 */
function rangeTypeOf(countryCallingCode: string, nationalNumber: string) {
  const shortest = Math.max(3, nationalNumber.length - 5);
  for (let keep = nationalNumber.length - 1; keep >= shortest; keep -= 1) {
    for (let length = keep + 1; length <= keep + 6; length += 1) {
      const neighbour = parsePhoneNumberFromString(
        `+${countryCallingCode}${nationalNumber.slice(0, keep).padEnd(length, '0')}`,
      );
      if (neighbour?.isValid()) {
        return neighbour.getType();
      }
    }
  }

  return undefined;
}
