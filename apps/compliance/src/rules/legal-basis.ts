/**
 * The legal basis written on every decision record. Wording is for the audit
 * trail, not legal advice: the product sends one service reply to a caller's
 * own call, never advertising, which is why the content guard exists.
 */
export const LEGAL_BASIS = {
  /** A text back to someone who just called the business. */
  replyToCall: "GDPR Art. 6(1)(f) legitimate interest: reply to the caller's own call",
  /** A text not sent (suppressed, deferred, cancelled): data kept only to prove why. */
  suppression: 'GDPR Art. 6(1)(f) legitimate interest: record why no text was sent',
  /** Keeping a caller's opt-out so that no further text reaches them. */
  optOut: 'GDPR Art. 21 objection honoured: suppression entry kept so no further text is sent',
  /** A reply to HELP or to a re-subscription: answering the caller's own request. */
  callerRequest: "GDPR Art. 6(1)(f) legitimate interest: answer the caller's own text",
} as const;

export type LegalBasisKey = keyof typeof LEGAL_BASIS;
export type LegalBasis = (typeof LEGAL_BASIS)[LegalBasisKey];

/** Machine-readable reasons recorded on a decision (`Decision.reason`). */
export const REASON_CODES = [
  'sent',
  'withheld_caller',
  'invalid_number',
  'premium_or_short_number',
  'not_mobile',
  'country_not_allowed',
  'blocklisted',
  'opted_out',
  'duplicate',
  'quiet_hours',
  'closed',
  'rate_limited',
  'content_blocked',
  'sender_not_allowed',
  'dry_run',
  'deferred',
  'caller_reached',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/** The rule that decided (`Decision.rule`): `<area>.<rule>`. */
export const RULE_CODES = [
  'number.withheld',
  'number.missing',
  'number.invalid',
  'number.premium_or_short',
  'number.not_mobile',
  'number.country',
  'number.blocklist',
  'opt_out.keyword',
  'opt_out.provider',
  'dedup.window',
  'schedule.quiet_hours',
  'schedule.defer_to_opening',
  'schedule.invalid_time_zone',
  'schedule.unknown_region',
  'schedule.invalid_interval',
  'schedule.invalid_closure',
  'schedule.invalid_quiet_hours',
  'rate.caller',
  'rate.tenant',
  'content.marketing_word',
  'content.url_shortener',
  'content.business_name_missing',
  'content.opt_out_line_missing',
  'content.too_many_segments',
  'content.ucs2_trigger',
  'content.empty',
  'template.unknown_placeholder',
  'template.stray_brace',
  'template.missing_value',
  'template.value_too_long',
  'sender.invalid',
  'sender.alphanumeric_not_allowed',
  'sender.alphanumeric_no_reply',
  'all.passed',
  'defer.caller_reached',
  'defer.opted_out',
  'defer.released',
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

/** What every rule module returns for a finding; `error` blocks the text. */
export type Severity = 'error' | 'warning';

export interface Finding {
  code: RuleCode;
  severity: Severity;
  message: string;
  /** The offending fragment (a word, a host, a placeholder) when there is one. */
  detail?: string;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}
