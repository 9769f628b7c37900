import { z } from 'zod';

export const SMS_REQUEST_SCHEMA_VERSION = 1;

export const SmsEncodingSchema = z.enum(['GSM-7', 'UCS-2']);
export type SmsEncoding = z.infer<typeof SmsEncodingSchema>;

/**
 * An approved text, ready to send. `request_id` is unique per approved text:
 * the notifier's exactly-once key. Provider credentials never travel here;
 * the notifier resolves them from the tenant's configuration.
 */
export const SmsRequestSchema = z.object({
  schema_version: z.literal(SMS_REQUEST_SCHEMA_VERSION),
  request_id: z.string().min(1).max(200),
  tenant_id: z.string().min(1),
  call_id: z.string().min(1),
  to: z.string().regex(/^\+[1-9]\d{1,14}$/),
  sender: z.string().min(1).max(20),
  body: z.string().min(1).max(1600),
  encoding: SmsEncodingSchema,
  segments: z.number().int().positive(),
  variant: z.string().min(1),
  provider: z.string().min(1),
  dry_run: z.boolean(),
  approved_at: z.string().datetime({ offset: true }),
  /** The final carrier event of the call: the start of time-to-text. */
  call_ended_at: z.string().datetime({ offset: true }),
});

export type SmsRequest = z.infer<typeof SmsRequestSchema>;
