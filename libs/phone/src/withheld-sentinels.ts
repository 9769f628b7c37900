/**
 * Values carriers put in the caller field when the caller withheld the
 * number. Some look like valid foreign numbers: +266696687 spells ANONYMOUS
 * on a keypad and parses as a Lesotho number.
 */
export const WITHHELD_WORDS = new Set([
  'anonymous',
  'anonym',
  'unknown',
  'unavailable',
  'private',
  'restricted',
  'withheld',
  'blocked',
  'hidden',
  'unbekannt',
  'unterdrueckt',
  'unterdrückt',
  'clir',
  'null',
  'none',
  '',
]);

export const WITHHELD_DIGIT_SENTINELS = new Set([
  '266696687', // ANONYMOUS on a keypad
  '7378742833', // RESTRICTED
  '2562533', // BLOCKED
  '8656696', // UNKNOWN
  '86282452253', // UNAVAILABLE
]);
