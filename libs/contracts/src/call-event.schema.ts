import { z } from 'zod';
import { PhonePartySchema } from './phone-party.schema';

export const CALL_EVENT_SCHEMA_VERSION = 1;

export const CARRIERS = [
  'twilio',
  'vonage',
  'telnyx',
  'plivo',
  'sipgate',
  'messagebird',
  'bird',
  'asterisk',
  'freeswitch',
  '3cx',
  'integrator',
] as const;

export const CarrierSchema = z.enum(CARRIERS);
export type Carrier = z.infer<typeof CarrierSchema>;

/**
 * The state of one leg, in our words. Carriers' vocabularies map onto this:
 * `answered` means audio flowed on the leg (a person, a voicemail box or an
 * IVR), `completed` that a leg ended after it was answered, and the rest are
 * ways a leg ends without being answered.
 */
export const LEG_STATUSES = [
  'initiated',
  'ringing',
  'answered',
  'completed',
  'no_answer',
  'busy',
  'rejected',
  'canceled',
  'failed',
] as const;

export const LegStatusSchema = z.enum(LEG_STATUSES);
export type LegStatus = z.infer<typeof LegStatusSchema>;

/**
 * Which leg an event speaks of:
 * - `caller`: the leg between the caller and us (Twilio's parent leg,
 *   Vonage's inbound leg, a PBX's incoming channel). Its end says little:
 *   platforms answer it themselves to run their call flow.
 * - `business`: a leg that rang the business (the desk phone, a ring-group
 *   member, a colleague after a forward, a queue agent).
 * - `whole_call`: a record that speaks for the call as a whole (a CDR, a
 *   3CX summary, an integrator's final event).
 */
export const LegRoleSchema = z.enum(['caller', 'business', 'whole_call']);
export type LegRole = z.infer<typeof LegRoleSchema>;

export const DirectionSchema = z.enum(['inbound', 'outbound', 'internal']);
export type Direction = z.infer<typeof DirectionSchema>;

/** Who or what answered a leg, when the carrier tells us. */
export const AnsweredBySchema = z.enum(['human', 'machine', 'voicemail', 'unknown']);
export type AnsweredBy = z.infer<typeof AnsweredBySchema>;

export const CallEventSchema = z.object({
  schema_version: z.literal(CALL_EVENT_SCHEMA_VERSION),
  /** Stable id of this event: the carrier's delivery id, or a hash of what makes it unique. */
  event_id: z.string().min(1).max(200),
  tenant_id: z.string().min(1).max(100),
  carrier: CarrierSchema,
  /** Correlation id of the whole call: every leg of one call shares it. */
  call_id: z.string().min(1).max(200),
  leg_id: z.string().min(1).max(200),
  leg_role: LegRoleSchema,
  direction: DirectionSchema,
  status: LegStatusSchema,
  answered_by: AnsweredBySchema.optional(),
  /** The customer who called (after undoing conditional forwarding). */
  caller: PhonePartySchema,
  /** The number the caller dialled: the tenant's number. */
  called: PhonePartySchema,
  /** The party this leg rang, for business legs. */
  leg_target: PhonePartySchema.optional(),
  /** Set when the call reached us through a forward from this number. */
  forwarded_from: PhonePartySchema.optional(),
  /** Seconds of audio on this leg, when the carrier says. */
  duration_s: z.number().int().nonnegative().optional(),
  /** Carrier's ordering hint within the leg, when it has one. */
  sequence: z.number().int().nonnegative().optional(),
  occurred_at: z.string().datetime({ offset: true }),
  received_at: z.string().datetime({ offset: true }),
  /** Fields the carrier sent that we do not model, kept as they came. */
  attributes: z.record(z.string()),
});

export type CallEvent = z.infer<typeof CallEventSchema>;
