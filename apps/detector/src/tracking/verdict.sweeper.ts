import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  CALL_VERDICT_SCHEMA_VERSION,
  CallEventSchema,
  type CallEvent,
  type CallVerdict,
} from '@rebound/contracts';
import { TenantDirectory } from '@rebound/config';
import { KafkaBus } from '@rebound/kafka';
import { Clock, LOGGER } from '@rebound/service-kit';
import { Metrics, SpanKind, extractContext, inSpan, type Logger } from '@rebound/telemetry';
import { DETECTOR_CONFIG } from '../detector.tokens';
import type { DetectorConfig } from '../detector.config';
import { judgeCall } from './call-judge';

interface DueCall {
  tenant_id: string;
  call_id: string;
  status: 'open' | 'decided';
  last_event_stored_at: Date;
  trace_parent: string | null;
  verdict: CallVerdict | null;
}

/**
 * Judges calls once their events have settled and publishes each verdict
 * once. The verdict is stored (status `decided`) before it is published and
 * marked `emitted` after Kafka acknowledged it, so a crash in between
 * re-publishes the same verdict (same id), never a different one.
 */
@Injectable()
export class VerdictSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(KafkaBus) private readonly bus: KafkaBus,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(DETECTOR_CONFIG) private readonly config: DetectorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'verdict sweep failed; will retry'),
        )
        .finally(() => this.schedule());
    }, this.config.DETECTOR_SWEEP_INTERVAL_MS);
  }

  /** One pass: every call that is due, each in its own transaction. */
  async sweep(): Promise<number> {
    let handled = 0;
    for (;;) {
      const done = await this.db.transaction(async (tx) => {
        const due = (await tx.query(
          `select tenant_id, call_id, status, last_event_stored_at, trace_parent, verdict from call_state
           where status <> 'emitted' and next_check_at <= now()
           order by next_check_at limit 1 for update skip locked`,
        )) as DueCall[];
        if (due.length === 0) {
          return false;
        }
        await this.process(tx, due[0]);

        return true;
      });
      if (!done || this.stopped) {
        return handled;
      }
      handled += 1;
    }
  }

  private async process(tx: EntityManager, call: DueCall): Promise<void> {
    const verdict = call.verdict ?? (await this.judge(tx, call));
    if (!verdict) {
      await tx.query(
        `update call_state set next_check_at = now() + interval '2 seconds' where tenant_id = $1 and call_id = $2`,
        [call.tenant_id, call.call_id],
      );

      return;
    }
    await tx.query(
      `update call_state set status = 'decided', verdict = $3, decided_at = coalesce(decided_at, now())
       where tenant_id = $1 and call_id = $2`,
      [call.tenant_id, call.call_id, verdict],
    );
    await this.publish(verdict, call.trace_parent);
    await tx.query(
      `update call_state set status = 'emitted', emitted_at = now() where tenant_id = $1 and call_id = $2`,
      [call.tenant_id, call.call_id],
    );
  }

  private async judge(tx: EntityManager, call: DueCall): Promise<CallVerdict | null> {
    const rows = (await tx.query(
      'select payload from call_event where tenant_id = $1 and call_id = $2',
      [call.tenant_id, call.call_id],
    )) as Array<{ payload: unknown }>;
    const events = rows.map((row) => CallEventSchema.parse(row.payload));
    const tenant = this.tenants.get(call.tenant_id);
    if (!tenant || events.length === 0) {
      return null;
    }
    const silentFor =
      (this.clock.now().getTime() - new Date(call.last_event_stored_at).getTime()) / 1000;
    const judgement = judgeCall(events, tenant, silentFor >= this.config.DETECTOR_SILENCE_SECONDS);

    return judgement ? this.toVerdict(call, events, judgement) : null;
  }

  private toVerdict(
    call: DueCall,
    events: CallEvent[],
    judgement: NonNullable<ReturnType<typeof judgeCall>>,
  ): CallVerdict {
    return {
      schema_version: CALL_VERDICT_SCHEMA_VERSION,
      verdict_id: `${call.tenant_id}:${call.call_id}`,
      tenant_id: call.tenant_id,
      carrier: events[0].carrier,
      call_id: call.call_id,
      verdict: judgement.verdict,
      reason: judgement.reason,
      caller: judgement.caller,
      called: judgement.called,
      call_started_at: judgement.startedAt,
      call_ended_at: judgement.endedAt,
      decided_at: this.clock.now().toISOString(),
      events_seen: events.length,
    };
  }

  /** Published under the trace of the call's latest event, so the verdict joins its trace. */
  private async publish(verdict: CallVerdict, traceParent: string | null): Promise<void> {
    const record = {
      key: `${verdict.tenant_id}:${verdict.caller.e164 ?? verdict.call_id}`,
      value: verdict,
      eventType: 'call-verdict',
      schemaVersion: CALL_VERDICT_SCHEMA_VERSION,
    };
    const parent = extractContext(traceParent ? { traceparent: traceParent } : {});
    await inSpan(
      'detector verdict',
      {
        kind: SpanKind.INTERNAL,
        parent,
        attributes: { 'rebound.verdict': verdict.verdict, 'rebound.reason': verdict.reason },
      },
      async () => {
        await this.bus.publish('callVerdicts', record);
        if (verdict.verdict === 'missed') {
          await this.bus.publish('missedCalls', record);
        }
      },
    );
    this.metrics
      .counter('rebound_detector_verdicts_total', 'Verdicts by verdict and reason', [
        'verdict',
        'reason',
      ])
      .inc({ verdict: verdict.verdict, reason: verdict.reason });
    this.logger.info(
      {
        call_id: verdict.call_id,
        tenant_id: verdict.tenant_id,
        verdict: verdict.verdict,
        reason: verdict.reason,
      },
      'call judged',
    );
  }
}
