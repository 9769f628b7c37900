import { z } from 'zod';
import { CarrierSchema } from './call-event.schema';
import { PhonePartySchema } from './phone-party.schema';
import { VerdictHoldSchema } from './verdict-hold.schema';

export const CALL_VERDICT_SCHEMA_VERSION = 1;

export const MISSED_REASONS = [
  'no_answer',
  'busy',
  'caller_abandoned',
  'rejected',
  'failed',
  'voicemail',
] as const;

export const NOT_MISSED_REASONS = ['answered', 'outbound', 'internal', 'too_short'] as const;

export const UNDECIDED_REASONS = ['no_final_event'] as const;

export const VerdictSchema = z.enum(['missed', 'not_missed', 'undecided']);
export type Verdict = z.infer<typeof VerdictSchema>;

export const VerdictReasonSchema = z.enum([
  ...MISSED_REASONS,
  ...NOT_MISSED_REASONS,
  ...UNDECIDED_REASONS,
]);
export type VerdictReason = z.infer<typeof VerdictReasonSchema>;

/**
 * The detector's one verdict on one call. Published for every call on the
 * call-verdicts topic; missed calls also go to the missed-calls topic, which
 * compliance reads.
 */
export const CallVerdictSchema = z.object({
  schema_version: z.literal(CALL_VERDICT_SCHEMA_VERSION),
  verdict_id: z.string().min(1),
  tenant_id: z.string().min(1),
  carrier: CarrierSchema,
  call_id: z.string().min(1),
  verdict: VerdictSchema,
  reason: VerdictReasonSchema,
  caller: PhonePartySchema,
  called: PhonePartySchema,
  /** When the call began and when its last event happened, in carrier time. */
  call_started_at: z.string().datetime({ offset: true }),
  call_ended_at: z.string().datetime({ offset: true }),
  decided_at: z.string().datetime({ offset: true }),
  events_seen: z.number().int().positive(),
  /** Set when the tenant's callback-aware hold kept a missed verdict back (added field). */
  hold: VerdictHoldSchema.optional(),
});

export type CallVerdict = z.infer<typeof CallVerdictSchema>;
