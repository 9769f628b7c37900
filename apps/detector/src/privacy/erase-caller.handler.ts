import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type PrivacyRequest } from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';
import { Clock, LOGGER, confirmPrivacyRequest } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';

type Row = Record<string, unknown>;

/**
 * Erases or exports what the detector holds on one caller of one tenant:
 * every call whose events name the number as the caller (its events, leg
 * links, verdict and hold), and confirms on the confirmations topic.
 *
 * An erased call keeps a tombstone (tenant, carrier call id, status) with
 * no personal data, so a carrier's late retry of an old callback cannot
 * open the call again and cause a second text.
 */
@Injectable()
export class EraseCallerHandler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(KafkaBus) private readonly bus: KafkaBus,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(request: PrivacyRequest): Promise<void> {
    const { rows, records } = await this.db.transaction(async (tx) => {
      const callIds = await this.callsOf(tx, request);

      return request.kind === 'export'
        ? this.exportCalls(tx, request, callIds)
        : this.eraseCalls(tx, request, callIds);
    });
    await confirmPrivacyRequest(this.bus, request, {
      service: 'detector',
      rows: rows,
      records: records,
      completedAt: this.clock.now(),
    });
    this.logger.info(
      { tenant_id: request.tenant_id, kind: request.kind, rows },
      'privacy request done',
    );
  }

  private async callsOf(tx: EntityManager, request: PrivacyRequest): Promise<string[]> {
    const rows = (await tx.query(
      `select distinct call_id from call_event
       where tenant_id = $1 and payload->'caller'->>'e164' = $2
       union
       select call_id from verdict_hold where tenant_id = $1 and caller_e164 = $2`,
      [request.tenant_id, request.phone_e164],
    )) as Array<{ call_id: string }>;

    return rows.map((row) => row.call_id);
  }

  private async exportCalls(tx: EntityManager, request: PrivacyRequest, callIds: string[]) {
    const records: Row[] = [];
    for (const table of ['call_event', 'leg_alias', 'call_state', 'verdict_hold']) {
      const found = (await tx.query(
        `select * from ${table} where tenant_id = $1 and call_id = any($2)`,
        [request.tenant_id, callIds],
      )) as Row[];
      records.push(...found.map((row) => ({ table, ...row })));
    }

    return { rows: records.length, records };
  }

  private async eraseCalls(tx: EntityManager, request: PrivacyRequest, callIds: string[]) {
    let rows = 0;
    for (const table of ['call_event', 'leg_alias', 'verdict_hold']) {
      const [, count] = (await tx.query(
        `delete from ${table} where tenant_id = $1 and call_id = any($2)`,
        [request.tenant_id, callIds],
      )) as [unknown, number];
      rows += count;
    }
    const [, tombstones] = (await tx.query(
      `update call_state set verdict = null, trace_parent = null,
         status = case when status = 'emitted' then 'emitted' else 'erased' end
       where tenant_id = $1 and call_id = any($2)`,
      [request.tenant_id, callIds],
    )) as [unknown, number];

    return { rows: rows + tombstones, records: [] as Row[] };
  }
}
