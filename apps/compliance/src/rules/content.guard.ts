import type { Tenant } from '@rebound/config';
import type { Finding, Severity } from './legal-basis';
import { analyseSms } from './sms-encoding';
import { optOutLine, parseTemplate, renderTemplate } from './template.renderer';

/**
 * A marketing word. `*` at either end also matches inside compounds
 * ("*rabatt*" catches Sommerrabatt, Rabattcode); without it the word must
 * stand alone, so "offer" does not fire on "offering" or "Offerte".
 */
export interface MarketingWord {
  word: string;
  severity: Severity;
}

/**
 * Ambiguous words are warnings: "feel free to call", "we offer a callback",
 * "Angebot" (a tradesman's quote), "Aktion" (Rückrufaktion), "kostenlos"
 * (a free callback) are normal service wording.
 */
export const DEFAULT_MARKETING_WORDS: readonly MarketingWord[] = [
  ...['sale', 'discount*', 'promo*', 'coupon*', 'voucher*', '% off', 'buy now', 'limited time'].map(
    (word) => ({ word, severity: 'error' as const }),
  ),
  ...[
    '*rabatt*',
    'gratis',
    '*gutschein*',
    '*sonderangebot*',
    '*schnaeppchen*',
    '*schnäppchen*',
    '*gewinnspiel*',
    'jetzt kaufen',
  ].map((word) => ({ word, severity: 'error' as const })),
  ...[
    'free',
    'offer',
    'offers',
    'deal',
    'angebot',
    'angebote',
    'aktion',
    'kostenlos',
    'newsletter',
  ].map((word) => ({ word, severity: 'warning' as const })),
];

/** Public shorteners: carriers filter them and they hide where a link goes. */
export const DEFAULT_URL_SHORTENERS: readonly string[] = [
  'bit.ly',
  'bitly.com',
  'tinyurl.com',
  't.co',
  'goo.gl',
  'ow.ly',
  'is.gd',
  'v.gd',
  'buff.ly',
  'rebrand.ly',
  'cutt.ly',
  't.ly',
  'tiny.cc',
  'rb.gy',
  'shorturl.at',
  'bl.ink',
  's.id',
  'lnkd.in',
  'adf.ly',
  'shorte.st',
  'tr.im',
  'x.co',
  'soo.gd',
  'qrco.de',
];

const HOST = /(?<![\w@.-])(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?![\w-])/gi;
const REPLY_KEYWORD = /(?<![\p{L}\p{N}])STOPP?(?![\p{L}\p{N}])/u;

/** Load-time check of a template, rendered with the tenant's own values. */
export function checkTemplate(template: string, tenant: Tenant, instant: Date): Finding[] {
  const parsed = parseTemplate(template);
  if (parsed.findings.length > 0) {
    return [
      ...parsed.findings,
      ...findMarketingWords(template, tenant),
      ...findUrlShorteners(template, tenant),
    ];
  }
  const rendered = renderTemplate(template, { tenant, instant });

  return rendered.ok ? checkRenderedText(rendered.text, tenant) : rendered.findings;
}

/** Send-time check of the exact text that would go out. */
export function checkRenderedText(text: string, tenant: Tenant): Finding[] {
  if (text.trim() === '') {
    return [{ code: 'content.empty', severity: 'error', message: 'text is empty' }];
  }

  return [
    ...findMarketingWords(text, tenant),
    ...findUrlShorteners(text, tenant),
    ...checkBusinessName(text, tenant),
    ...checkOptOutLine(text, tenant),
    ...checkEncoding(text, tenant),
  ];
}

export function findMarketingWords(text: string, tenant?: Tenant): Finding[] {
  const haystack = text.normalize('NFC').toLocaleLowerCase('de-DE');

  return marketingWordsFor(tenant).flatMap((entry) => {
    const match = wordPattern(entry.word).exec(haystack);

    return match
      ? [
          {
            code: 'content.marketing_word' as const,
            severity: entry.severity,
            message: 'marketing wording',
            detail: match[0],
          },
        ]
      : [];
  });
}

export function findUrlShorteners(text: string, tenant?: Tenant): Finding[] {
  const shorteners = [
    ...DEFAULT_URL_SHORTENERS,
    ...(tenant?.content_policy?.url_shorteners ?? []),
  ].map((host) => host.toLowerCase());
  const hosts = [...text.matchAll(HOST)].map((match) =>
    match[1].toLowerCase().replace(/^www\./, ''),
  );

  return [...new Set(hosts)]
    .filter((host) => shorteners.some((s) => host === s || host.endsWith(`.${s}`)))
    .map((host) => ({
      code: 'content.url_shortener' as const,
      severity: 'error' as const,
      message: 'public URL shortener',
      detail: host,
    }));
}

function marketingWordsFor(tenant?: Tenant): MarketingWord[] {
  const policy = tenant?.content_policy;
  const allowed = new Set((policy?.allowed_words ?? []).map(bareWord));
  const extra = (policy?.marketing_words ?? []).map((word) => ({
    word,
    severity: 'error' as const,
  }));

  return [...DEFAULT_MARKETING_WORDS, ...extra].filter(
    (entry) => !allowed.has(bareWord(entry.word)),
  );
}

function bareWord(word: string): string {
  return word.toLocaleLowerCase('de-DE').replace(/^\*|\*$/g, '');
}

function wordPattern(word: string): RegExp {
  const inside = bareWord(word);
  const escaped = inside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  const left = !word.startsWith('*') && /^[\p{L}\p{N}]/u.test(inside) ? '(?<![\\p{L}\\p{N}])' : '';
  const right = !word.endsWith('*') && /[\p{L}\p{N}]$/u.test(inside) ? '(?![\\p{L}\\p{N}])' : '';

  return new RegExp(`${left}${escaped}${right}`, 'u');
}

function checkBusinessName(text: string, tenant: Tenant): Finding[] {
  const squash = (value: string): string =>
    value.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');

  return squash(text).includes(squash(tenant.name).trim())
    ? []
    : [
        {
          code: 'content.business_name_missing',
          severity: 'error',
          message: 'business name missing',
          detail: tenant.name,
        },
      ];
}

/** The line counts as present when the tenant's line is there or STOP stands in capitals. */
function checkOptOutLine(text: string, tenant: Tenant): Finding[] {
  if (!tenant.opt_out_line) {
    return [];
  }
  const line = optOutLine(tenant);
  const present = text.toLowerCase().includes(line.toLowerCase()) || REPLY_KEYWORD.test(text);

  return present
    ? []
    : [
        {
          code: 'content.opt_out_line_missing',
          severity: 'error',
          message: 'opt-out line missing',
          detail: line,
        },
      ];
}

function checkEncoding(text: string, tenant: Tenant): Finding[] {
  const analysis = analyseSms(text);
  const triggers = analysis.ucs2Triggers.map((trigger): Finding => ({
    code: 'content.ucs2_trigger',
    severity: 'warning',
    message:
      trigger.suggestion === null
        ? 'forces UCS-2'
        : `forces UCS-2, use ${JSON.stringify(trigger.suggestion)}`,
    detail: `${trigger.char} ${trigger.codePoint}`,
  }));
  if (analysis.segments <= tenant.max_segments) {
    return triggers;
  }

  return [
    ...triggers,
    {
      code: 'content.too_many_segments',
      severity: 'error',
      message: `${analysis.segments} ${analysis.encoding} segments, at most ${tenant.max_segments}`,
      detail: String(analysis.segments),
    },
  ];
}
