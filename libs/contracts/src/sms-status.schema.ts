import { z } from 'zod';

export const SMS_STATUS_SCHEMA_VERSION = 1;

/**
 * One delivery vocabulary for every provider. Ranks order them: a status
 * never moves to a lower rank, and the final ones never change.
 */
export const SMS_STATUSES = [
  'accepted',
  'queued',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'expired',
] as const;

export const SmsStatusValueSchema = z.enum(SMS_STATUSES);
export type SmsStatusValue = z.infer<typeof SmsStatusValueSchema>;

export const FINAL_SMS_STATUSES: ReadonlySet<SmsStatusValue> = new Set([
  'delivered',
  'undelivered',
  'failed',
  'expired',
]);

/** Why a text failed, in our words, when the provider says. */
export const SmsFailureSchema = z.enum([
  'landline',
  'unknown_subscriber',
  'unreachable_handset',
  'unsubscribed',
  'invalid_number',
  'expired',
  'blocked',
  'other',
]);
export type SmsFailure = z.infer<typeof SmsFailureSchema>;

export const SmsStatusSchema = z.object({
  schema_version: z.literal(SMS_STATUS_SCHEMA_VERSION),
  event_id: z.string().min(1),
  tenant_id: z.string().min(1),
  provider: z.string().min(1),
  /** The provider's message id (Twilio's MessageSid, MessageBird's id). */
  provider_message_id: z.string().min(1),
  /** Our request id when known (we send it as the provider's reference). */
  request_id: z.string().nullable(),
  status: SmsStatusValueSchema,
  failure: SmsFailureSchema.nullable(),
  provider_error_code: z.string().nullable(),
  segments: z.number().int().positive().nullable(),
  occurred_at: z.string().datetime({ offset: true }),
  received_at: z.string().datetime({ offset: true }),
  attributes: z.record(z.string()),
});

export type SmsStatus = z.infer<typeof SmsStatusSchema>;
