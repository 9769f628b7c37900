import { z } from 'zod';

export const HOLD_CANCEL_REASONS = ['business_called_back', 'caller_reached'] as const;

export const HoldCancelReasonSchema = z.enum(HOLD_CANCEL_REASONS);
export type HoldCancelReason = z.infer<typeof HoldCancelReasonSchema>;

/**
 * What became of a missed verdict the tenant's callback-aware hold kept
 * back: `released` to the missed-calls topic when the hold ran out, or
 * `cancelled` because the business called the caller back, or the caller
 * called again and was answered, within the hold.
 */
export const VerdictHoldSchema = z.object({
  hold_seconds: z.number().int().positive(),
  held_until: z.string().datetime({ offset: true }),
  outcome: z.enum(['released', 'cancelled']),
  cancel_reason: HoldCancelReasonSchema.optional(),
  /** The call that cancelled the hold. */
  cancelled_by_call_id: z.string().min(1).optional(),
});

export type VerdictHold = z.infer<typeof VerdictHoldSchema>;
