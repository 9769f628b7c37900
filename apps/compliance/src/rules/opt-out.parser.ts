export type InboundIntent = 'opt_out' | 'opt_in' | 'help' | 'none';

export interface IntentReading {
  intent: InboundIntent;
  /** `keyword`: the text is essentially one keyword; `phrase`: a clear phrase in a sentence. */
  source: 'provider' | 'keyword' | 'phrase' | 'none';
  /** The keyword, phrase or provider value that decided, normalised. */
  matched: string | null;
}

const OPT_OUT_WORDS = [
  'stop',
  'stopp',
  'stoppen',
  'stopall',
  'end',
  'ende',
  'quit',
  'cancel',
  'revoke',
  'optout',
  'unsubscribe',
  'abmelden',
  'abbestellen',
  'austragen',
];

/**
 * YES is Twilio's standard re-subscribe keyword, so a bare "yes" is an
 * opt-in; it only changes anything for a caller who had opted out. German
 * "ja" is left out: it is the most common answer to "Sollen wir zurückrufen?".
 */
const OPT_IN_WORDS = ['start', 'unstop', 'yes', 'optin', 'resubscribe', 'anmelden'];
const HELP_WORDS = ['help', 'hilfe', 'info'];

/** Words that may surround a keyword without changing what it means. */
const FILLER_WORDS = new Set(
  (
    'please pls plz bitte danke thanks thank thx you ok okay now jetzt sofort mal hi hello hallo ' +
    'hey sorry me mich sms texts messages nachrichten again wieder'
  ).split(' '),
);

const KEYWORD_INTENTS = new Map<string, InboundIntent>([
  ...OPT_OUT_WORDS.map((word) => [word, 'opt_out'] as const),
  ...OPT_IN_WORDS.map((word) => [word, 'opt_in'] as const),
  ...HELP_WORDS.map((word) => [word, 'help'] as const),
]);

const MEDIA =
  '(?:sms|texts?|messages?|msgs?|nachrichten|nachricht|textnachrichten|mitteilungen|werbung)';

/**
 * Opt-out phrases that are clear inside a sentence, matched on the normalised
 * text (lower case, umlauts folded, apostrophes removed). Opt-in and help
 * have none on purpose: "Termin anmelden?" or "can you help me" are replies.
 */
const OPT_OUT_PHRASES: readonly RegExp[] = [
  new RegExp(`\\bno (?:more|further) ${MEDIA}\\b`),
  new RegExp(`\\b(?:stop|quit) (?:texting|messaging|sending|txting)\\b`),
  /\b(?:dont|do not|never) (?:text|message|sms|contact) me\b/,
  /\b(?:remove|take) me (?:from|off)\b/,
  /(?<!\b(?:dont|do not|not|never) )\b(?:unsubscribe|optout|stopall)\b/,
  new RegExp(`\\bkeine (?:weiteren )?${MEDIA} mehr\\b`),
  new RegExp(`\\bkeine weiteren ${MEDIA}\\b`),
  new RegExp(`\\b(?:moechte|moechten|will|wollen|wuensche) (?:ich |wir )?keine ${MEDIA}\\b`),
  /\b(?:schicken|senden|schreiben) sie mir (?:bitte )?(?:keine|nicht mehr|nichts mehr)\b/,
  /\b(?:nicht mehr|nie wieder) (?:anschreiben|schreiben|kontaktieren|benachrichtigen)\b/,
  /\bmich (?:(?!nicht\b)\w+ ){0,4}(?:abmelden|austragen|abbestellen)\b/,
  new RegExp(`\\b${MEDIA} (?:bitte )?(?:abbestellen|abmelden|stoppen)\\b`),
];

const INTENT_RANK: Record<InboundIntent, number> = { opt_out: 3, opt_in: 2, help: 1, none: 0 };

/**
 * Reads what a caller's text asks for. A keyword counts only when the text
 * is essentially that keyword (plus politeness words, punctuation, emoji):
 * "Stopp!" and "bitte abmelden" opt out, "I can't stop by today" does not.
 * Beyond that only the clear opt-out phrases above count. When a text holds
 * several keywords, opt-out wins: a wrong opt-out costs one text, a wrong
 * opt-in texts someone who asked us to stop.
 */
export function parseInboundText(body: string): IntentReading {
  const text = normaliseText(body);

  return (
    readKeywordOnly(text) ?? readPhrase(text) ?? { intent: 'none', source: 'none', matched: null }
  );
}

/** Twilio's `OptOutType` (STOP, START, HELP), set when its Advanced Opt-Out matched. */
export function intentFromProviderSignal(optOutType: string | null | undefined): InboundIntent {
  switch ((optOutType ?? '').trim().toUpperCase()) {
    case 'STOP':
      return 'opt_out';
    case 'START':
      return 'opt_in';
    case 'HELP':
      return 'help';
    default:
      return 'none';
  }
}

/** The provider's own reading wins; the text is read when the provider stayed silent. */
export function readInboundIntent(input: {
  body: string;
  providerOptOutType: string | null | undefined;
}): IntentReading {
  const fromProvider = intentFromProviderSignal(input.providerOptOutType);
  if (fromProvider !== 'none') {
    return { intent: fromProvider, source: 'provider', matched: input.providerOptOutType ?? null };
  }

  return parseInboundText(input.body);
}

/**
 * Send errors that mean "this recipient opted out at the provider", which
 * must become an opt-out on our side too.
 * Twilio 21610: https://www.twilio.com/docs/api/errors/21610
 */
const UNSUBSCRIBED_ERROR_CODES: Readonly<Record<string, readonly string[]>> = {
  twilio: ['21610'],
};

export function isUnsubscribedError(
  provider: string,
  code: string | number | null | undefined,
): boolean {
  const codes = UNSUBSCRIBED_ERROR_CODES[provider.toLowerCase()] ?? [];

  return code !== null && code !== undefined && codes.includes(String(code).trim());
}

/**
 * Lower case, umlauts folded, apostrophes dropped, letter runs of 3+ cut to
 * one ("stooop"), words joined by one space.
 */
export function normaliseText(body: string): string {
  const folded = body
    .normalize('NFKC')
    .toLocaleLowerCase('de-DE')
    .replace(/[’'`´]/g, '')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/(\p{L})\1{2,}/gu, '$1');
  const words = folded.match(/[\p{L}\p{N}]+/gu) ?? [];

  return words
    .join(' ')
    .replace(/\bopt (out|in)\b/g, 'opt$1')
    .replace(/\bstop all\b/g, 'stopall');
}

function readKeywordOnly(text: string): IntentReading | null {
  const words = text.split(' ').filter((word) => word && !FILLER_WORDS.has(word));
  if (words.length === 0 || words.some((word) => !KEYWORD_INTENTS.has(word))) {
    return null;
  }
  const strongest = words.reduce((best, word) =>
    INTENT_RANK[KEYWORD_INTENTS.get(word) ?? 'none'] >
    INTENT_RANK[KEYWORD_INTENTS.get(best) ?? 'none']
      ? word
      : best,
  );

  return {
    intent: KEYWORD_INTENTS.get(strongest) ?? 'none',
    source: 'keyword',
    matched: strongest,
  };
}

function readPhrase(text: string): IntentReading | null {
  for (const phrase of OPT_OUT_PHRASES) {
    const match = phrase.exec(text);
    if (match) {
      return { intent: 'opt_out', source: 'phrase', matched: match[0] };
    }
  }

  return null;
}
