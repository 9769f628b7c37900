/**
 * Masks a phone number for logs: keeps the country prefix and the last two
 * digits, enough to tell two callers apart in a incident, not enough to call
 * anyone.
 */
export function maskPhone(value: string | null | undefined): string {
  if (!value) {
    return '<none>';
  }
  const digits = value.replace(/\D/g, '');
  if (digits.length < 6) {
    return '***';
  }
  const plus = value.trim().startsWith('+') ? '+' : '';

  return `${plus}${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`;
}

/**
 * A phone-like run inside free text: 7+ digits, optionally after a `+` and
 * with spaces or brackets, not glued to letters. Hyphens and colons are
 * not joined over, so ISO timestamps and hex trace ids stay readable.
 */
const PHONE_IN_TEXT = /(?<![0-9A-Za-z])\+?\d[\d ()]{5,}\d(?![0-9A-Za-z])/g;

/** Masks every phone-like run in a free text, e.g. an error message. */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (match) =>
    match.replace(/\D/g, '').length >= 7 ? maskPhone(match) : match,
  );
}
