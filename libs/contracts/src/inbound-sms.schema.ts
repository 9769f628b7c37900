import { z } from 'zod';

export const INBOUND_SMS_SCHEMA_VERSION = 1;

/** A text a caller sent to a tenant's number (STOP, START, anything). */
export const InboundSmsSchema = z.object({
  schema_version: z.literal(INBOUND_SMS_SCHEMA_VERSION),
  event_id: z.string().min(1),
  tenant_id: z.string().min(1),
  provider: z.string().min(1),
  from: z.string().regex(/^\+[1-9]\d{1,14}$/),
  to: z.string().min(1),
  body: z.string().max(1600),
  /** A provider's own reading of the text, e.g. Twilio's OptOutType. */
  provider_opt_out_type: z.string().nullable(),
  received_at: z.string().datetime({ offset: true }),
});

export type InboundSms = z.infer<typeof InboundSmsSchema>;
