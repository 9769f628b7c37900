import { z } from 'zod';

export const DECISION_SCHEMA_VERSION = 1;

export const DecisionOutcomeSchema = z.enum(['send', 'suppress', 'defer', 'cancel']);
export type DecisionOutcome = z.infer<typeof DecisionOutcomeSchema>;

/**
 * Why compliance did what it did, for audit. The caller appears only as a
 * keyed hash: the audit trail needs to group by caller, never to read the
 * number.
 */
export const DecisionSchema = z.object({
  schema_version: z.literal(DECISION_SCHEMA_VERSION),
  decision_id: z.string().min(1),
  tenant_id: z.string().min(1),
  call_id: z.string().min(1),
  caller_hash: z.string().min(1),
  outcome: DecisionOutcomeSchema,
  /** Machine-readable reason, e.g. `withheld_caller`, `not_mobile`, `opted_out`. */
  reason: z.string().min(1),
  /** The rule that decided, e.g. `number.withheld`. */
  rule: z.string().min(1),
  variant: z.string().nullable(),
  legal_basis: z.string().min(1),
  dry_run: z.boolean(),
  decided_at: z.string().datetime({ offset: true }),
  /** Set when outcome is send: the request handed to the notifier. */
  sms_request_id: z.string().nullable(),
});

export type Decision = z.infer<typeof DecisionSchema>;
