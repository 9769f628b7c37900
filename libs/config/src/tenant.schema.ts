import { z } from 'zod';

const e164 = z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number like +4930123456');

const timeOfDay = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be HH:MM');

export const OpeningIntervalSchema = z.object({ from: timeOfDay, to: timeOfDay });

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WeeklyScheduleSchema = z
  .object(
    Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(OpeningIntervalSchema).default([])])),
  )
  .partial();

export const TemplatesSchema = z.object({
  business_hours: z.string().min(1),
  after_hours: z.string().min(1).optional(),
  weekend: z.string().min(1).optional(),
  holiday: z.string().min(1).optional(),
  night: z.string().min(1).optional(),
});

/** Per-tenant tuning of the content guard; the defaults live in the compliance service. */
export const ContentPolicySchema = z.object({
  /** Extra marketing words (block). A `*` at either end also matches inside compounds. */
  marketing_words: z.array(z.string().min(1)).default([]),
  /** Default marketing words this tenant may use, e.g. "Angebot" for a tradesman's quote. */
  allowed_words: z.array(z.string().min(1)).default([]),
  /** Extra URL-shortener hosts to refuse. */
  url_shorteners: z.array(z.string().min(1)).default([]),
});

export const RateLimitSchema = z.object({
  window_seconds: z.number().int().positive(),
  max: z.number().int().positive(),
});

export const TenantSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1).max(60),
  /** The numbers callers dial (tracking numbers). */
  numbers: z.array(e164).min(1),
  /** Where the incoming-call TwiML dials: the business's phone. */
  forward_to: e164,
  /** The business's own lines that conditionally forward to a tracking number. */
  business_lines: z.array(e164).default([]),
  /** Staff and family: never texted, and their calls are internal. */
  blocklist: z.array(e164).default([]),
  country: z.string().length(2).default('DE'),
  region: z.string().optional(),
  time_zone: z.string().min(1),
  locale: z.string().default('de-DE'),
  booking_link: z.string().url().optional(),
  templates: TemplatesSchema,
  /** Sender id or number the texts come from. */
  sender: z.string().min(1).max(20),
  provider: z.string().min(1).default('console'),
  secondary_provider: z.string().min(1).optional(),
  /**
   * The tenant's own provider accounts, by provider id: each value maps a
   * credential name (twilio: account_sid, auth_token; messagebird:
   * access_key) to the environment variable that holds it. Providers left
   * out use the notifier's global credentials.
   */
  provider_credentials: z.record(z.string(), z.record(z.string(), z.string().min(1))).optional(),
  /** Texts per second the provider allows the sender (e.g. 1 on a Twilio long code). */
  sender_rate_per_second: z.number().positive().optional(),
  dedup_window_hours: z.number().positive().default(24),
  misdial_seconds: z.number().int().nonnegative().default(3),
  voicemail_counts_as_missed: z.boolean().default(true),
  /**
   * What the carrier calls the tenant's call queues (a sipgate user id such
   * as `w9`, a PBX queue extension). A queue "answers" the call to play hold
   * music: a caller who hangs up there never spoke to anyone.
   */
  queue_targets: z.array(z.string().min(1)).default([]),
  callback_hold_seconds: z.number().int().nonnegative().default(0),
  allowed_countries: z.array(z.string().length(2)).optional(),
  schedule: WeeklyScheduleSchema.default({}),
  closures: z
    .array(z.object({ from: z.string(), to: z.string(), reason: z.string().optional() }))
    .default([]),
  quiet_hours: z
    .object({
      from: timeOfDay,
      to: timeOfDay,
      action: z.enum(['night_variant', 'defer', 'suppress']).default('night_variant'),
    })
    .optional(),
  opt_out_line: z.boolean().default(false),
  /** The opt-out line appended when `opt_out_line` is on; default by locale. */
  opt_out_text: z.string().min(1).max(40).optional(),
  content_policy: ContentPolicySchema.optional(),
  /** Send limits; the compliance service has defaults for what is left out. */
  rate_limits: z
    .object({
      per_caller: z.array(RateLimitSchema).optional(),
      per_tenant: z.array(RateLimitSchema).optional(),
    })
    .optional(),
  max_segments: z.number().int().positive().default(2),
  retention_days: z.number().int().positive().default(90),
  dry_run: z.boolean().default(false),
  /** Credential a PBX or integrator presents (stored as a SHA-256 hex hash). */
  api_key_sha256: z.array(z.string().regex(/^[a-f0-9]{64}$/)).default([]),
});

export type Tenant = z.infer<typeof TenantSchema>;

/** A carrier account: which secret verifies its webhooks. Secrets are named env vars. */
export const CarrierAccountSchema = z.object({
  carrier: z.string().min(1),
  /** Twilio AccountSid, Vonage api_key, … when the carrier names the account. */
  account_id: z.string().optional(),
  /**
   * Set only when the whole account serves one tenant (a subaccount per
   * business): every webhook through it then belongs to that tenant, even
   * one naming a number the tenants file does not list. Leave it out for a
   * shared account, whose calls route by number alone.
   */
  tenant_id: z.string().optional(),
  /** Name of the environment variable that holds the secret or public key. */
  secret_env: z.string().min(1),
  /** Where ingest connects to, for carriers it connects out to (Asterisk AMI). */
  host: z.string().min(1).optional(),
  port: z.number().int().positive().max(65535).optional(),
  /** The login name, for carriers ingest logs in to (Asterisk AMI `Username`). */
  username: z.string().min(1).optional(),
});

export const TenantsFileSchema = z.object({
  tenants: z.array(TenantSchema).min(1),
  carrier_accounts: z.array(CarrierAccountSchema).default([]),
});

export type TenantsFile = z.infer<typeof TenantsFileSchema>;
export type CarrierAccount = z.infer<typeof CarrierAccountSchema>;
