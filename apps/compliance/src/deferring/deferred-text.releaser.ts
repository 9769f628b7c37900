import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DECISION_SCHEMA_VERSION, type Decision, type SmsRequest } from '@rebound/contracts';
import { Clock, LOGGER, PeriodicTask } from '@rebound/service-kit';
import { SpanKind, extractContext, inSpan, type Logger } from '@rebound/telemetry';
import { COMPLIANCE_CONFIG } from '../compliance.tokens';
import type { ComplianceConfig } from '../compliance.config';
import { DecisionPublisher } from '../deciding/decision.publisher';
import { insertDecision } from '../deciding/decision.records';
import { TenantDirectory } from '@rebound/config';
import { lockTenantSends, recentSends } from '../deciding/send-history';
import { LEGAL_BASIS } from '../rules/legal-basis';
import { checkSendRate } from '../rules/rate-limit.rules';

interface DueText {
  decision_id: string;
  tenant_id: string;
  caller_hash: string;
  caller_e164: string | null;
  call_at: Date;
  sms_request: SmsRequest;
  trace_parent: string | null;
  reached: boolean;
  opted_out: boolean;
}

type Settlement = { status: 'released' | 'cancelled'; reason: string; rule: string };

/**
 * Releases texts deferred to the opening once it has come, or cancels them
 * when the caller was reached meanwhile or opted out. Each text is settled
 * in its own transaction that locks its row (`for update skip locked`), so
 * several replicas share the work and none settles a text twice; the
 * decision is published before the transaction commits, and a crash in
 * between publishes the same ids again, which the notifier sends once.
 */
@Injectable()
export class DeferredTextReleaser implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(DecisionPublisher) private readonly publisher: DecisionPublisher,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(COMPLIANCE_CONFIG) private readonly config: ComplianceConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.task = new PeriodicTask(
      { name: 'deferred texts', intervalMs: this.config.COMPLIANCE_DEFER_SWEEP_MS },
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

  /** One pass: every deferred text that is due, each in its own transaction. */
  async sweep(): Promise<number> {
    let settled = 0;
    while (!this.task.stopping && (await this.db.transaction((tx) => this.settleNext(tx)))) {
      settled += 1;
    }

    return settled;
  }

  private async settleNext(tx: EntityManager): Promise<boolean> {
    const due = (await tx.query(
      `select t.decision_id, t.tenant_id, t.caller_hash, t.caller_e164, t.call_at, t.sms_request,
         t.trace_parent,
         exists(select 1 from caller_contact c where c.tenant_id = t.tenant_id
           and c.caller_hash = t.caller_hash and c.contact_at > t.call_at) as reached,
         exists(select 1 from opt_out o where o.tenant_id = t.tenant_id
           and o.caller_hash = t.caller_hash) as opted_out
       from deferred_text t
       where t.status = 'pending' and t.release_at <= $1
       order by t.release_at limit 1 for update of t skip locked`,
      [this.clock.now()],
    )) as DueText[];
    if (due.length === 0) {
      return false;
    }
    const settlement = this.settlementOf(due[0]);
    const waitUntil = settlement.status === 'released' ? await this.rateWait(tx, due[0]) : null;
    if (waitUntil) {
      // The rate limits hold at the opening too: a night's deferred texts
      // leave at the pace the tenant allows, not all at once.
      await tx.query('update deferred_text set release_at = $2 where decision_id = $1', [
        due[0].decision_id,
        waitUntil,
      ]);

      return true;
    }
    await this.settle(tx, due[0], settlement);

    return true;
  }

  /** When the tenant's rate limits allow this text, if not now. */
  private async rateWait(tx: EntityManager, text: DueText): Promise<Date | null> {
    const tenant = this.tenants.get(text.tenant_id);
    if (!tenant) {
      return null;
    }
    await lockTenantSends(tx, tenant.id);
    const now = this.clock.now();
    const sends = await recentSends(tx, tenant, now);
    const rate = checkSendRate({
      now,
      tenant,
      callerSends: sends.filter((send) => send.caller_hash === text.caller_hash).map((s) => s.at),
      tenantSends: sends.map((send) => send.at),
    });

    return rate.allowed ? null : rate.retryAt;
  }

  private settlementOf(text: DueText): Settlement {
    if (text.reached) {
      return { status: 'cancelled', reason: 'caller_reached', rule: 'defer.caller_reached' };
    }
    if (text.opted_out) {
      return { status: 'cancelled', reason: 'opted_out', rule: 'defer.opted_out' };
    }

    return {
      status: 'released',
      reason: text.sms_request.dry_run ? 'dry_run' : 'sent',
      rule: 'defer.released',
    };
  }

  private async settle(tx: EntityManager, text: DueText, settlement: Settlement): Promise<void> {
    const now = this.clock.now().toISOString();
    const released = settlement.status === 'released';
    const smsRequest = released ? { ...text.sms_request, approved_at: now } : null;
    const decision = this.decisionFor(text, settlement, smsRequest, now);
    await insertDecision(tx, {
      decision,
      smsRequest,
      callerE164: text.caller_e164,
      callAt: new Date(text.call_at).toISOString(),
    });
    await tx.query('update deferred_text set status = $2, settled_at = $3 where decision_id = $1', [
      text.decision_id,
      settlement.status,
      now,
    ]);
    const parent = extractContext(text.trace_parent ? { traceparent: text.trace_parent } : {});
    await inSpan('compliance deferred text', { kind: SpanKind.INTERNAL, parent }, () =>
      this.publisher.publish(decision, smsRequest, tx),
    );
  }

  private decisionFor(
    text: DueText,
    settlement: Settlement,
    smsRequest: SmsRequest | null,
    now: string,
  ): Decision {
    const released = settlement.status === 'released';

    return {
      schema_version: DECISION_SCHEMA_VERSION,
      decision_id: `${text.decision_id}:${released ? 'release' : 'cancel'}`,
      tenant_id: text.tenant_id,
      call_id: text.sms_request.call_id,
      caller_hash: text.caller_hash,
      outcome: released ? 'send' : 'cancel',
      reason: settlement.reason,
      rule: settlement.rule,
      variant: text.sms_request.variant,
      legal_basis: released ? LEGAL_BASIS.replyToCall : LEGAL_BASIS.suppression,
      dry_run: text.sms_request.dry_run,
      decided_at: now,
      sms_request_id: smsRequest?.request_id ?? null,
    };
  }
}
