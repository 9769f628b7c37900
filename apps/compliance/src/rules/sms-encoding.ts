import type { SmsEncoding } from '@rebound/contracts';

/**
 * GSM 03.38 default alphabet (3GPP TS 23.038 §6.2.1), one septet each.
 * ESC (0x1B) is left out: it only introduces the extension table.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Extension table: ESC + char, so each costs two septets. */
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC_SET = new Set(GSM_BASIC);
const EXTENSION_SET = new Set(GSM_EXTENSION);

export const GSM7_SINGLE_LIMIT = 160;
export const GSM7_PART_LIMIT = 153;
export const UCS2_SINGLE_LIMIT = 70;
export const UCS2_PART_LIMIT = 67;

/**
 * Look-alikes that silently switch a text to UCS-2 (word processors and
 * phones insert them), with the GSM-7 text a sender almost always meant.
 * An empty suggestion means "drop it" (invisible characters).
 */
const GSM_SUGGESTIONS: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u00B4': "'",
  '`': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2022': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2009': ' ',
  '\u202F': ' ',
  '\u200B': '',
  '\u200C': '',
  '\u200D': '',
  '\u2060': '',
  '\uFEFF': '',
  '\u00AD': '',
  '\t': ' ',
  '\u00D7': 'x',
  '\u00E1': 'a',
  '\u00ED': 'i',
  '\u00F3': 'o',
  '\u00FA': 'u',
  '\u00E2': 'a',
  '\u00EA': 'e',
  '\u00EE': 'i',
  '\u00F4': 'o',
  '\u00FB': 'u',
  '\u00EB': 'e',
  '\u00EF': 'i',
};

export interface Ucs2Trigger {
  /** The offending character (a whole code point, so emoji stay intact). */
  char: string;
  /** `U+2013` style, readable in logs and findings. */
  codePoint: string;
  /** Index in UTF-16 code units of the first occurrence. */
  index: number;
  /** GSM-7 replacement; null when there is none (emoji, CJK, …). */
  suggestion: string | null;
}

export interface SmsAnalysis {
  encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Characters that forced UCS-2, each listed once. Empty for GSM-7. */
  ucs2Triggers: Ucs2Trigger[];
}

export function isGsm7Char(char: string): boolean {
  return BASIC_SET.has(char) || EXTENSION_SET.has(char);
}

export function isGsm7(text: string): boolean {
  return Array.from(text).every(isGsm7Char);
}

export function analyseSms(text: string): SmsAnalysis {
  const chars = Array.from(text);
  const ucs2Triggers = findUcs2Triggers(text);
  if (ucs2Triggers.length > 0) {
    const units = chars.map((char) => char.length);

    return {
      encoding: 'UCS-2',
      units: text.length,
      segments: countParts(units, 'UCS-2'),
      ucs2Triggers,
    };
  }
  const septets = chars.map((char) => (EXTENSION_SET.has(char) ? 2 : 1));

  return {
    encoding: 'GSM-7',
    units: sum(septets),
    segments: countParts(septets, 'GSM-7'),
    ucs2Triggers,
  };
}

export function countSegments(text: string): number {
  return analyseSms(text).segments;
}

/** Replaces every look-alike that has a GSM-7 suggestion; other characters stay. */
export function toGsmLookalikes(text: string): string {
  return Array.from(text)
    .map((char) => GSM_SUGGESTIONS[char] ?? char)
    .join('');
}

function findUcs2Triggers(text: string): Ucs2Trigger[] {
  const seen = new Map<string, Ucs2Trigger>();
  let index = 0;
  for (const char of text) {
    if (!isGsm7Char(char) && !seen.has(char)) {
      seen.set(char, describeTrigger(char, index));
    }
    index += char.length;
  }

  return [...seen.values()];
}

function describeTrigger(char: string, index: number): Ucs2Trigger {
  const hex = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');

  return { char, codePoint: `U+${hex}`, index, suggestion: GSM_SUGGESTIONS[char] ?? null };
}

/**
 * Packs characters into concatenated parts. An extension escape pair or a
 * surrogate pair is never split across two parts (carriers and Twilio's
 * segment calculator move the whole character), so a part may hold one
 * unit less than its limit.
 */
function countParts(costs: number[], encoding: SmsEncoding): number {
  const total = sum(costs);
  const single = encoding === 'GSM-7' ? GSM7_SINGLE_LIMIT : UCS2_SINGLE_LIMIT;
  if (total <= single) {
    return total === 0 ? 0 : 1;
  }
  const limit = encoding === 'GSM-7' ? GSM7_PART_LIMIT : UCS2_PART_LIMIT;
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > limit) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }

  return parts;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
