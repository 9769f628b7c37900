import { z } from 'zod';

export const PRIVACY_SCHEMA_VERSION = 1;

/**
 * An erasure or export request for one phone number of one tenant. Every
 * service that holds personal data consumes it and answers on the
 * confirmations topic.
 */
export const PrivacyRequestSchema = z.object({
  schema_version: z.literal(PRIVACY_SCHEMA_VERSION),
  request_id: z.string().min(1),
  tenant_id: z.string().min(1),
  kind: z.enum(['erase', 'export']),
  phone_e164: z.string().regex(/^\+[1-9]\d{1,14}$/),
  requested_at: z.string().datetime({ offset: true }),
});

export type PrivacyRequest = z.infer<typeof PrivacyRequestSchema>;

export const PrivacyConfirmationSchema = z.object({
  schema_version: z.literal(PRIVACY_SCHEMA_VERSION),
  request_id: z.string().min(1),
  tenant_id: z.string().min(1),
  service: z.string().min(1),
  kind: z.enum(['erase', 'export']),
  rows_affected: z.number().int().nonnegative(),
  /** For export: what the service holds, without other people's data. */
  records: z.array(z.record(z.unknown())).optional(),
  completed_at: z.string().datetime({ offset: true }),
});

export type PrivacyConfirmation = z.infer<typeof PrivacyConfirmationSchema>;
