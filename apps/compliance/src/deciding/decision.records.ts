import type { EntityManager } from 'typeorm';
import type { Decision, SmsRequest } from '@rebound/contracts';

/** Inserts one decision row; `callAt` is the call's time, which the dedup window judges. */
export async function insertDecision(
  tx: EntityManager,
  row: {
    decision: Decision;
    smsRequest: SmsRequest | null;
    callerE164: string | null;
    callAt: string;
  },
): Promise<void> {
  const { decision } = row;
  await tx.query(
    `insert into decision (decision_id, tenant_id, call_id, caller_hash, caller_e164, outcome, reason, rule,
       variant, legal_basis, dry_run, sms_request, payload, decided_at, call_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
    [
      decision.decision_id,
      decision.tenant_id,
      decision.call_id,
      decision.caller_hash,
      row.callerE164,
      decision.outcome,
      decision.reason,
      decision.rule,
      decision.variant,
      decision.legal_basis,
      decision.dry_run,
      row.smsRequest,
      decision,
      decision.decided_at,
      row.callAt,
    ],
  );
}
