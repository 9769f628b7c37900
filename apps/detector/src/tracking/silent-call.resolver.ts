import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CallEvent } from '@rebound/contracts';
import type { Tenant } from '@rebound/config';
import { LOGGER } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import { CarrierLookupRegistry } from '../carrier-lookup/carrier-lookup.registry';

/** Attempts at a carrier's API per call before the call is published as undecided. */
export const MAX_CARRIER_LOOKUPS = 3;

export interface SilentCallState {
  tenant_id: string;
  call_id: string;
  carrier_lookups: number;
}

/** The call's events after asking its carrier, or `retry` when the carrier's API failed. */
export type SilentCallAnswer = { events: CallEvent[] } | 'retry';

/**
 * A call that went quiet before its final event: asks the carrier's API,
 * where the carrier has one, and stores its answer like carrier events
 * (ids `twilio-api:<sid>:<status>`), so the call is judged on what the
 * carrier knows. Without an API, or with no answer after a few attempts,
 * the call keeps the events it has (and comes out undecided).
 */
@Injectable()
export class SilentCallResolver {
  constructor(
    @Inject(CarrierLookupRegistry) private readonly lookups: CarrierLookupRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async resolve(
    tx: EntityManager,
    call: SilentCallState,
    tenant: Tenant,
    events: CallEvent[],
  ): Promise<SilentCallAnswer> {
    const silent = { tenant, callId: call.call_id, events };
    const lookup = this.lookups.for(silent);
    if (!lookup || call.carrier_lookups >= MAX_CARRIER_LOOKUPS) {
      return { events };
    }
    await tx.query(
      `update call_state set carrier_lookups = carrier_lookups + 1
       where tenant_id = $1 and call_id = $2`,
      [call.tenant_id, call.call_id],
    );
    try {
      const answered = await lookup.ask(silent);
      await this.store(tx, call, answered);
      this.logger.info(
        { tenant_id: call.tenant_id, call_id: call.call_id, legs: answered.length },
        'carrier asked about silent call',
      );

      return { events: [...events, ...answered] };
    } catch (error) {
      this.logger.warn(
        { tenant_id: call.tenant_id, call_id: call.call_id, err: error },
        'carrier lookup failed; will retry',
      );

      return call.carrier_lookups + 1 >= MAX_CARRIER_LOOKUPS ? { events } : 'retry';
    }
  }

  private async store(tx: EntityManager, call: SilentCallState, events: CallEvent[]) {
    for (const event of events) {
      await tx.query(
        `insert into call_event (event_id, tenant_id, call_id, leg_id, payload)
         values ($1, $2, $3, $4, $5) on conflict do nothing`,
        [event.event_id, call.tenant_id, call.call_id, event.leg_id, event],
      );
      if (event.leg_id !== call.call_id) {
        await tx.query(
          `insert into leg_alias (tenant_id, leg_id, call_id) values ($1, $2, $3)
           on conflict do nothing`,
          [call.tenant_id, event.leg_id, call.call_id],
        );
      }
    }
  }
}
