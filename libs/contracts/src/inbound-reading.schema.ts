import { z } from 'zod';

export const INBOUND_READING_SCHEMA_VERSION = 1;

/**
 * How compliance read one inbound text and what it did about it. The
 * caller appears only as a keyed hash, as on decisions.
 */
export const InboundReadingSchema = z.object({
  schema_version: z.literal(INBOUND_READING_SCHEMA_VERSION),
  /** The inbound text's `event_id`. */
  event_id: z.string().min(1),
  tenant_id: z.string().min(1),
  caller_hash: z.string().min(1),
  intent: z.enum(['opt_out', 'opt_in', 'help', 'none']),
  /** What decided: the provider's own reading, a keyword, a phrase, or nothing. */
  source: z.enum(['provider', 'keyword', 'phrase', 'none']),
  matched: z.string().nullable(),
  /** What changed: an opt-out recorded or removed, or nothing. */
  action: z.enum(['opt_out_recorded', 'opt_out_removed', 'none']),
  read_at: z.string().datetime({ offset: true }),
});

export type InboundReading = z.infer<typeof InboundReadingSchema>;
