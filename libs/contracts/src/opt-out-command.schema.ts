import { z } from 'zod';

export const OPT_OUT_COMMAND_SCHEMA_VERSION = 1;

/**
 * An operator adds or removes one caller's opt-out for one tenant (the
 * caller asked by phone, by letter, at the desk). Compliance consumes it.
 */
export const OptOutCommandSchema = z.object({
  schema_version: z.literal(OPT_OUT_COMMAND_SCHEMA_VERSION),
  command_id: z.string().min(1),
  tenant_id: z.string().min(1),
  phone_e164: z.string().regex(/^\+[1-9]\d{1,14}$/),
  action: z.enum(['add', 'remove']),
  /** Who issued it, for the audit trail: a login or a name, never a phone number. */
  operator: z.string().min(1).max(100),
  reason: z.string().max(500),
  requested_at: z.string().datetime({ offset: true }),
});

export type OptOutCommand = z.infer<typeof OptOutCommandSchema>;
