import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CallEventSchema, type CallEvent, type CallVerdict } from '@rebound/contracts';
import type { Tenant } from '@rebound/config';
import { policyFromTenant } from '../domain';
import { findCallback } from './callback.finder';

export interface HeldCall {
  tenant_id: string;
  call_id: string;
}

interface HoldRow {
  caller_e164: string | null;
  hold_seconds: number;
  window_from: Date;
  held_until: Date;
}

/**
 * The tenant's callback-aware hold: a missed verdict waits `callback_hold_seconds`
 * (status `held`), and is cancelled when in that window the business calls
 * the caller back or the caller calls again and is answered. The hold and
 * its outcome are recorded in `verdict_hold`; the verdict carries them too.
 */
@Injectable()
export class CallbackHold {
  async start(tx: EntityManager, call: HeldCall, verdict: CallVerdict, tenant: Tenant) {
    const seconds = tenant.callback_hold_seconds;
    await tx.query(
      `update call_state set status = 'held', verdict = $3, decided_at = now(),
         next_check_at = now() + make_interval(secs => $4)
       where tenant_id = $1 and call_id = $2`,
      [call.tenant_id, call.call_id, verdict, seconds],
    );
    await tx.query(
      `insert into verdict_hold (tenant_id, call_id, caller_e164, hold_seconds, window_from, held_until)
       select $1, $2, $3, $4::int,
              coalesce((select min(stored_at) from call_event where tenant_id = $1 and call_id = $2), now()),
              now() + make_interval(secs => $4::int)
       on conflict do nothing`,
      [call.tenant_id, call.call_id, verdict.caller.e164, seconds],
    );
  }

  /** Ends a hold that ran out: the verdict with the hold's outcome, recorded. */
  async end(
    tx: EntityManager,
    call: HeldCall,
    verdict: CallVerdict,
    tenant: Tenant,
  ): Promise<CallVerdict> {
    const hold = await this.holdOf(tx, call);
    if (!hold) {
      return verdict;
    }
    const callback = hold.caller_e164
      ? findCallback(await this.callsWith(tx, call, hold), policyFromTenant(tenant))
      : undefined;
    await tx.query(
      `update verdict_hold set outcome = $3, cancel_reason = $4, cancelled_by_call_id = $5,
         resolved_at = now() where tenant_id = $1 and call_id = $2`,
      [
        call.tenant_id,
        call.call_id,
        callback ? 'cancelled' : 'released',
        callback?.reason ?? null,
        callback?.callId ?? null,
      ],
    );

    return {
      ...verdict,
      hold: {
        hold_seconds: hold.hold_seconds,
        held_until: new Date(hold.held_until).toISOString(),
        outcome: callback ? 'cancelled' : 'released',
        cancel_reason: callback?.reason,
        cancelled_by_call_id: callback?.callId,
      },
    };
  }

  private async holdOf(tx: EntityManager, call: HeldCall): Promise<HoldRow | undefined> {
    const rows = (await tx.query(
      `select caller_e164, hold_seconds, window_from, held_until from verdict_hold
       where tenant_id = $1 and call_id = $2`,
      [call.tenant_id, call.call_id],
    )) as HoldRow[];

    return rows[0];
  }

  /** Every event of the tenant's other calls that name the held caller, from the window. */
  private async callsWith(
    tx: EntityManager,
    call: HeldCall,
    hold: HoldRow,
  ): Promise<Map<string, CallEvent[]>> {
    const rows = (await tx.query(
      `select call_id, payload from call_event where tenant_id = $1 and call_id in (
         select call_id from call_event
         where tenant_id = $1 and call_id <> $2 and payload->'caller'->>'e164' = $3
           and stored_at between $4 and $5)`,
      [call.tenant_id, call.call_id, hold.caller_e164, hold.window_from, hold.held_until],
    )) as Array<{ call_id: string; payload: unknown }>;
    const calls = new Map<string, CallEvent[]>();
    for (const row of rows) {
      calls.set(row.call_id, [
        ...(calls.get(row.call_id) ?? []),
        CallEventSchema.parse(row.payload),
      ]);
    }

    return calls;
  }
}
