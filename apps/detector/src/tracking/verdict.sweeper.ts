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
import { TenantDirectory, type Tenant } from '@rebound/config';
import { Clock, LOGGER, PeriodicTask } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import { DETECTOR_CONFIG } from '../detector.tokens';
import type { DetectorConfig } from '../detector.config';
import { CallbackHold } from '../holding/callback-hold';
import { judgeCall, type Judgement } from './call-judge';
import { SilentCallResolver } from './silent-call.resolver';
import { VerdictPublisher } from './verdict.publisher';

interface DueCall {
  tenant_id: string;
  call_id: string;
  status: 'open' | 'held' | 'decided';
  last_event_stored_at: Date;
  trace_parent: string | null;
  verdict: CallVerdict | null;
  carrier_lookups: number;
}

interface Claimed {
  call: DueCall;
  verdict: CallVerdict;
}

/** Seconds before an undecidable call is looked at again; longer after a failed carrier lookup. */
const RECHECK_SECONDS = 2;
const LOOKUP_RETRY_SECONDS = 10;

/**
 * Judges calls once their events have settled and publishes each verdict
 * once. Statuses: `open` → (`held` →) `decided` → `emitted`, and `erased`
 * after a privacy request. A verdict is committed as `decided`, with a
 * lease, before it is published, and marked `emitted` after Kafka
 * acknowledged it; a crash in between re-publishes the same stored verdict
 * (same id, same content) once the lease runs out, never a different one.
 */
@Injectable()
export class VerdictSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SilentCallResolver) private readonly silentCalls: SilentCallResolver,
    @Inject(CallbackHold) private readonly hold: CallbackHold,
    @Inject(VerdictPublisher) private readonly publisher: VerdictPublisher,
    @Inject(DETECTOR_CONFIG) private readonly config: DetectorConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.task = new PeriodicTask(
      { name: 'verdicts', intervalMs: this.config.DETECTOR_SWEEP_INTERVAL_MS },
      () => this.sweep(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** The distinct traces the call's events arrived in, oldest first. */
  private async eventTraces(call: { tenant_id: string; call_id: string }): Promise<string[]> {
    const rows = (await this.db.query(
      `select trace_parent from call_event
       where tenant_id = $1 and call_id = $2 and trace_parent is not null
       group by trace_parent order by min(stored_at)`,
      [call.tenant_id, call.call_id],
    )) as Array<{ trace_parent: string }>;

    return rows.map((row) => row.trace_parent);
  }

  /** One pass: every call that is due, each claimed in its own transaction. */
  async sweep(): Promise<number> {
    let handled = 0;
    for (;;) {
      const claimed = await this.db.transaction((tx) => this.claimNext(tx));
      if (claimed === undefined) {
        return handled;
      }
      if (claimed !== null) {
        await this.publisher.publish(
          claimed.verdict,
          claimed.call.trace_parent,
          await this.eventTraces(claimed.call),
        );
        await this.markEmitted(claimed.call);
      }
      handled += 1;
      if (this.task.stopping) {
        return handled;
      }
    }
  }

  /** The next due call's verdict to publish; null when it has none yet; undefined when none is due. */
  private async claimNext(tx: EntityManager): Promise<Claimed | null | undefined> {
    const due = (await tx.query(
      `select tenant_id, call_id, status, last_event_stored_at, trace_parent, verdict, carrier_lookups
       from call_state
       where status <> 'emitted' and status <> 'erased' and next_check_at <= now()
       order by next_check_at limit 1 for update skip locked`,
    )) as DueCall[];
    const call = due[0];
    if (!call) {
      return undefined;
    }
    const verdict = await this.verdictOf(tx, call);
    if (!verdict) {
      return null;
    }
    await tx.query(
      `update call_state set status = 'decided', verdict = $3, decided_at = coalesce(decided_at, now()),
         next_check_at = now() + make_interval(secs => $4)
       where tenant_id = $1 and call_id = $2`,
      [call.tenant_id, call.call_id, verdict, this.config.DETECTOR_PUBLISH_LEASE_SECONDS],
    );

    return { call, verdict };
  }

  /** The verdict ready to publish, or null after rescheduling or starting a hold. */
  private async verdictOf(tx: EntityManager, call: DueCall): Promise<CallVerdict | null> {
    const tenant = this.tenants.get(call.tenant_id);
    if (call.status === 'decided' && call.verdict) {
      return call.verdict;
    }
    if (call.status === 'held' && call.verdict && tenant) {
      return this.hold.end(tx, call, call.verdict, tenant);
    }
    const verdict = tenant ? await this.judge(tx, call, tenant) : undefined;
    if (!verdict || verdict === 'retry') {
      await this.recheck(tx, call, verdict === 'retry' ? LOOKUP_RETRY_SECONDS : RECHECK_SECONDS);

      return null;
    }
    if (verdict.verdict === 'missed' && tenant && tenant.callback_hold_seconds > 0) {
      await this.hold.start(tx, call, verdict, tenant);

      return null;
    }

    return verdict;
  }

  private async judge(
    tx: EntityManager,
    call: DueCall,
    tenant: Tenant,
  ): Promise<CallVerdict | 'retry' | undefined> {
    const events = await this.eventsOf(tx, call);
    if (events.length === 0) {
      return undefined;
    }
    const judgement = judgeCall(events, tenant, false);
    if (judgement) {
      return this.toVerdict(call, events, judgement);
    }
    const silentFor =
      (this.clock.now().getTime() - new Date(call.last_event_stored_at).getTime()) / 1000;
    if (silentFor < this.config.DETECTOR_SILENCE_SECONDS) {
      return undefined;
    }
    const answer = await this.silentCalls.resolve(tx, call, tenant, events);
    if (answer === 'retry') {
      return 'retry';
    }
    const final = judgeCall(answer.events, tenant, true);

    return final ? this.toVerdict(call, answer.events, final) : undefined;
  }

  private async eventsOf(tx: EntityManager, call: DueCall): Promise<CallEvent[]> {
    const rows = (await tx.query(
      'select payload from call_event where tenant_id = $1 and call_id = $2',
      [call.tenant_id, call.call_id],
    )) as Array<{ payload: unknown }>;

    return rows.map((row) => CallEventSchema.parse(row.payload));
  }

  private async recheck(tx: EntityManager, call: DueCall, seconds: number): Promise<void> {
    await tx.query(
      `update call_state set next_check_at = now() + make_interval(secs => $3)
       where tenant_id = $1 and call_id = $2`,
      [call.tenant_id, call.call_id, seconds],
    );
  }

  private async markEmitted(call: DueCall): Promise<void> {
    await this.db.query(
      `update call_state set status = 'emitted', emitted_at = now()
       where tenant_id = $1 and call_id = $2 and status = 'decided'`,
      [call.tenant_id, call.call_id],
    );
  }

  private toVerdict(call: DueCall, events: CallEvent[], judgement: Judgement): CallVerdict {
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
}
