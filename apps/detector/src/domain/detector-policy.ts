import type { Tenant } from '@rebound/config';

/** The tenant settings the verdict depends on, in the detector's own words. */
export interface DetectorPolicy {
  /**
   * A caller who hangs up within this many seconds (inclusive) before any
   * leg rang the business misdialled: `not_missed/too_short`.
   */
  misdialSeconds: number;
  /** An answering machine or voicemail box counts as a miss (`missed/voicemail`). */
  voicemailCountsAsMissed: boolean;
  /**
   * Ring time (seconds, inclusive) after which an answer that carries no
   * machine-detection result is read as a voicemail box, not a person.
   * `null` turns the heuristic off: every such answer is then a human.
   *
   * Why: without AMD, Twilio (and every other carrier) reports a desk
   * phone's own carrier mailbox exactly like a person picking up [CARRIERS.md
   * §2 case e]. What differs is *when* it answers: a mailbox takes the call
   * when its no-reply timer fires, by default after 15–25 s on German mobile
   * networks (tarife.oliver-brosch.de/Mailbox.html) and ~15 s on PBXs
   * (Avaya IP Office "VMS Cover Ring" default 3 rings = 15 s), while the
   * people in the corpus pick up after 6–7 s. The corpus also holds a person
   * answering a ring group after 15 s (asterisk/cdr_ring_group_one_answered),
   * so the default sits above that, at 18 s; the no-AMD voicemail fixture
   * answered after 20 s. This is a guess with a known cost either way, so it
   * is a per-tenant setting; the real fix is AMD (our TwiML enables it) or a
   * `<Dial timeout>` shorter than the desk phone's mailbox delay.
   */
  voicemailSuspectRingSeconds: number | null;
  /**
   * The tenant's call queues as the carrier names them. A queue answers to
   * play hold music, so its answer is no conversation: a caller who hangs up
   * there abandoned the call.
   */
  queueTargets: readonly string[];
}

/** The tenant schema's defaults, plus the ring-time heuristic's default. */
export const defaultPolicy: DetectorPolicy = Object.freeze({
  misdialSeconds: 3,
  voicemailCountsAsMissed: true,
  voicemailSuspectRingSeconds: 18,
  queueTargets: [],
});

/** The detector policy of one tenant. */
export function policyFromTenant(
  tenant: Pick<Tenant, 'misdial_seconds' | 'voicemail_counts_as_missed'> &
    Partial<Pick<Tenant, 'queue_targets'>>,
  overrides: Partial<DetectorPolicy> = {},
): DetectorPolicy {
  return {
    ...defaultPolicy,
    misdialSeconds: tenant.misdial_seconds,
    voicemailCountsAsMissed: tenant.voicemail_counts_as_missed,
    queueTargets: tenant.queue_targets ?? [],
    ...overrides,
  };
}
