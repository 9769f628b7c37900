import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CallEvent } from '@rebound/contracts';
import { injectContext } from '@rebound/telemetry';
import { DETECTOR_CONFIG } from '../detector.tokens';
import type { DetectorConfig } from '../detector.config';

/**
 * Stores one call event durably and schedules its call for a decision. A
 * repeated event (same id) changes nothing. An event that names only a leg
 * (Twilio's AMD callback) is filed under the call that leg belongs to;
 * events filed under a leg before its call was known move to the call.
 */
@Injectable()
export class RecordCallEventHandler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(DETECTOR_CONFIG) private readonly config: DetectorConfig,
  ) {}

  async handle(event: CallEvent): Promise<void> {
    await this.db.transaction(async (tx) => {
      const callId = await this.canonicalCallId(tx, event);
      if (event.leg_id !== callId) {
        await this.linkLeg(tx, event.tenant_id, event.leg_id, callId);
      }
      const stored = await tx.query(
        `insert into call_event (event_id, tenant_id, call_id, leg_id, payload, trace_parent)
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning event_id`,
        [
          event.event_id,
          event.tenant_id,
          callId,
          event.leg_id,
          { ...event, call_id: callId },
          injectContext().traceparent ?? null,
        ],
      );
      if ((stored as unknown[]).length > 0) {
        await this.touchCall(tx, event.tenant_id, callId);
      }
    });
  }

  private async canonicalCallId(tx: EntityManager, event: CallEvent): Promise<string> {
    if (event.call_id !== event.leg_id) {
      return event.call_id;
    }
    const rows = (await tx.query(
      'select call_id from leg_alias where tenant_id = $1 and leg_id = $2',
      [event.tenant_id, event.leg_id],
    )) as Array<{ call_id: string }>;

    return rows[0]?.call_id ?? event.call_id;
  }

  /** Records that a leg belongs to a call, and moves anything filed under the leg alone. */
  private async linkLeg(
    tx: EntityManager,
    tenantId: string,
    legId: string,
    callId: string,
  ): Promise<void> {
    const inserted = (await tx.query(
      `insert into leg_alias (tenant_id, leg_id, call_id) values ($1, $2, $3)
       on conflict do nothing returning leg_id`,
      [tenantId, legId, callId],
    )) as unknown[];
    if (inserted.length === 0) {
      return;
    }
    const moved = (await tx.query(
      `update call_event set call_id = $3, payload = jsonb_set(payload, '{call_id}', to_jsonb($3::text))
       where tenant_id = $1 and call_id = $2 returning event_id`,
      [tenantId, legId, callId],
    )) as [unknown[], number];
    if (moved[1] > 0) {
      await tx.query(
        `delete from call_state where tenant_id = $1 and call_id = $2 and status = 'open'`,
        [tenantId, legId],
      );
    }
  }

  /**
   * The call is looked at again once no event has come for the settle
   * period. The latest event's trace context is kept so the verdict
   * continues that trace.
   */
  private async touchCall(tx: EntityManager, tenantId: string, callId: string): Promise<void> {
    await tx.query(
      `insert into call_state (tenant_id, call_id, status, last_event_stored_at, next_check_at, trace_parent)
       values ($1, $2, 'open', now(), now() + make_interval(secs => $3), $4)
       on conflict (tenant_id, call_id) do update
         set last_event_stored_at = now(),
             trace_parent = excluded.trace_parent,
             next_check_at = case when call_state.status = 'open'
                                  then now() + make_interval(secs => $3)
                                  else call_state.next_check_at end`,
      [tenantId, callId, this.config.DETECTOR_SETTLE_SECONDS, injectContext().traceparent ?? null],
    );
  }
}
