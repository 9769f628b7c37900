import { DateTime } from 'luxon';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Tenant, Weekday } from '@rebound/config';
import type { Finding } from './legal-basis';
import { formatMinutes } from './local-time';
import { intervalsOn, nextOpening } from './schedule.rules';

export const PLACEHOLDERS = [
  'business_name',
  'booking_link',
  'callback_number',
  'business_hours',
  'next_opening',
] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface RenderContext {
  tenant: Tenant;
  /** The call instant: `{next_opening}` is counted from it. */
  instant?: Date;
  /** Defaults to the tenant's `opt_out_line`. */
  appendOptOutLine?: boolean;
}

export type RenderResult =
  { ok: true; text: string; placeholders: Placeholder[] } | { ok: false; findings: Finding[] };

export interface ParsedTemplate {
  placeholders: Placeholder[];
  findings: Finding[];
}

/** Longest value each placeholder may take; longer is an error, never a silent cut. */
const MAX_VALUE_LENGTH: Record<Placeholder, number> = {
  business_name: 60,
  booking_link: 120,
  callback_number: 24,
  business_hours: 120,
  next_opening: 30,
};

const TOKEN = /\{([^{}]*)\}/g;
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_NAMES: Record<'de' | 'en', readonly string[]> = {
  de: ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};
const DEFAULT_OPT_OUT_LINES = { de: 'Abmelden: STOP', en: 'Reply STOP to opt out' } as const;

/** Load-time check: every `{name}` must be known and every brace part of one. */
export function parseTemplate(template: string): ParsedTemplate {
  const findings: Finding[] = [];
  const placeholders = new Set<Placeholder>();
  for (const [, name] of template.matchAll(TOKEN)) {
    if (isPlaceholder(name)) {
      placeholders.add(name);
    } else {
      findings.push(
        templateFinding('template.unknown_placeholder', 'unknown placeholder', `{${name}}`),
      );
    }
  }
  if (/[{}]/.test(template.replace(TOKEN, ''))) {
    findings.push(templateFinding('template.stray_brace', 'brace outside a placeholder', template));
  }

  return { placeholders: [...placeholders], findings };
}

/**
 * Fills the placeholders in one pass: a value is never scanned again, so a
 * business name holding `{booking_link}` stays text. Values lose control
 * characters, line breaks, bidi overrides and braces before they go in.
 */
export function renderTemplate(template: string, context: RenderContext): RenderResult {
  const parsed = parseTemplate(template);
  const values = new Map(parsed.placeholders.map((name) => [name, cleanValue(name, context)]));
  const findings = [...parsed.findings, ...valueFindings(values)];
  if (findings.length > 0) {
    return { ok: false, findings };
  }
  const text = template.replace(TOKEN, (_, name: Placeholder) => values.get(name) ?? '');

  return { ok: true, text: withOptOutLine(text, context), placeholders: parsed.placeholders };
}

/** The tenant's opt-out line: its own text, else a default for its language. */
export function optOutLine(tenant: Tenant): string {
  return tenant.opt_out_text ?? DEFAULT_OPT_OUT_LINES[languageOf(tenant)];
}

export function sanitiseValue(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069{}]/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Compact weekly hours, e.g. `Mo-Do 08:00-12:00, 14:00-18:00; Fr 08:00-12:00`. */
export function formatWeeklyHours(tenant: Tenant): string {
  const names = DAY_NAMES[languageOf(tenant)];
  const days = WEEKDAYS.map((day, index) => ({ index, hours: hoursOf(tenant, day) }));
  const groups: { first: number; last: number; hours: string }[] = [];
  for (const day of days.filter((d) => d.hours !== '')) {
    const previous = groups.at(-1);
    if (previous && previous.last === day.index - 1 && previous.hours === day.hours) {
      previous.last = day.index;
    } else {
      groups.push({ first: day.index, last: day.index, hours: day.hours });
    }
  }

  return groups
    .map((g) => `${names[g.first]}${g.last > g.first ? `-${names[g.last]}` : ''} ${g.hours}`)
    .join('; ');
}

function valueOf(name: Placeholder, context: RenderContext): string | null {
  const { tenant } = context;
  switch (name) {
    case 'business_name':
      return tenant.name;
    case 'booking_link':
      return tenant.booking_link ?? null;
    case 'callback_number':
      return formatNumber(tenant.business_lines[0] ?? tenant.numbers[0]);
    case 'business_hours':
      return formatWeeklyHours(tenant) || null;
    case 'next_opening':
      return formatNextOpening(context);
  }
}

function cleanValue(name: Placeholder, context: RenderContext): string | null {
  const value = valueOf(name, context);

  return value === null ? null : sanitiseValue(value) || null;
}

function valueFindings(values: Map<Placeholder, string | null>): Finding[] {
  return [...values].flatMap(([name, value]): Finding[] => {
    if (value === null) {
      return [templateFinding('template.missing_value', 'no value for placeholder', `{${name}}`)];
    }
    if (Array.from(value).length > MAX_VALUE_LENGTH[name]) {
      return [templateFinding('template.value_too_long', 'value too long', `{${name}}`)];
    }

    return [];
  });
}

function withOptOutLine(text: string, context: RenderContext): string {
  const line = optOutLine(context.tenant);
  const wanted = context.appendOptOutLine ?? context.tenant.opt_out_line;
  const present = text.toLowerCase().includes(line.toLowerCase());

  return wanted && !present ? `${text}\n${line}` : text;
}

function formatNextOpening(context: RenderContext): string | null {
  const opening = context.instant ? nextOpening(context.tenant, context.instant) : null;
  if (!opening) {
    return null;
  }
  const language = languageOf(context.tenant);
  const local = DateTime.fromJSDate(opening, { zone: context.tenant.time_zone }).setLocale('en');
  const day = DAY_NAMES[language][local.weekday - 1];

  return `${day} ${local.toFormat(language === 'de' ? 'dd.MM. HH:mm' : 'd LLL HH:mm')}`;
}

function hoursOf(tenant: Tenant, day: Weekday): string {
  return intervalsOn(tenant, day)
    .map((interval) => `${formatMinutes(interval.from)}-${formatMinutes(interval.to)}`)
    .join(', ');
}

function formatNumber(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

function languageOf(tenant: Tenant): 'de' | 'en' {
  return tenant.locale.toLowerCase().startsWith('de') ? 'de' : 'en';
}

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

function templateFinding(code: Finding['code'], message: string, detail: string): Finding {
  return { code, severity: 'error', message, detail };
}
