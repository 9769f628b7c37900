import { z } from 'zod';
import {
  AnsweredBySchema,
  DirectionSchema,
  LegRoleSchema,
  LegStatusSchema,
} from '@rebound/contracts';

/** The most events one request may carry. */
export const MAX_BATCH = 100;

/**
 * One call event as an integrator sends it: our canonical call event
 * without what ingest adds (tenant, carrier, versions, received time), with
 * numbers as plain strings. Unknown fields are refused, so a typo is a 400
 * naming it rather than a silently dropped value.
 */
export const IntegratorEventSchema = z
  .object({
    /** The client's id of this event; a repeat of it is acknowledged and not published again. */
    event_id: z.string().min(1).max(100),
    /** The client's id of the call: every event of one call shares it. */
    call_id: z.string().min(1).max(150),
    /** The leg this event speaks of; defaults to the call. */
    leg_id: z.string().min(1).max(150).optional(),
    leg_role: LegRoleSchema.default('whole_call'),
    direction: DirectionSchema.default('inbound'),
    status: LegStatusSchema,
    answered_by: AnsweredBySchema.optional(),
    /** The caller's number as the phone system saw it (`anonymous` when withheld). */
    caller: z.string().max(64),
    /** The number the caller dialled: one of the tenant's numbers. */
    called: z.string().min(1).max(64),
    /** The phone a business leg rang. */
    leg_target: z.string().min(1).max(64).optional(),
    forwarded_from: z.string().min(1).max(64).optional(),
    duration_s: z.number().int().nonnegative().optional(),
    sequence: z.number().int().nonnegative().optional(),
    occurred_at: z.string().datetime({ offset: true }),
    attributes: z.record(z.string().max(1000)).default({}),
  })
  .strict();

export type IntegratorEvent = z.infer<typeof IntegratorEventSchema>;

/** A request body: one event, or `{events: [...]}` with 1 to {@link MAX_BATCH} events. */
export const IntegratorBatchSchema = z
  .object({ events: z.array(IntegratorEventSchema).min(1).max(MAX_BATCH) })
  .strict();

export const IntegratorRequestSchema = z.union([IntegratorBatchSchema, IntegratorEventSchema]);

export interface EventIssue {
  path: string;
  message: string;
}

/**
 * Reads a request body into events, or the precise issues: each with the
 * JSON path of the offending value (`events.3.status`) and what is wrong.
 */
export function readIntegratorEvents(
  body: unknown,
): { ok: true; events: IntegratorEvent[] } | { ok: false; issues: EventIssue[] } {
  const isBatch = typeof body === 'object' && body !== null && 'events' in body;
  const schema = isBatch ? IntegratorBatchSchema : IntegratorEventSchema;
  const result = schema.safeParse(body);
  if (!result.success) {
    return {
      ok: false,
      issues: result.error.issues.map((issue) => ({
        path: issue.path.join('.') || '(body)',
        message: issue.message,
      })),
    };
  }
  const data = result.data as IntegratorEvent | { events: IntegratorEvent[] };

  return { ok: true, events: 'events' in data ? data.events : [data] };
}
