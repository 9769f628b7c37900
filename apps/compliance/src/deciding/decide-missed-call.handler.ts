import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DECISION_SCHEMA_VERSION,
  SMS_REQUEST_SCHEMA_VERSION,
  type CallVerdict,
  type Decision,
  type SmsRequest,
} from '@rebound/contracts';
import { TenantDirectory, type Tenant } from '@rebound/config';
import { ReboundError } from '@rebound/kafka';
import { Clock } from '@rebound/service-kit';
import { injectContext } from '@rebound/telemetry';
import { COMPLIANCE_CONFIG } from '../compliance.tokens';
import type { ComplianceConfig } from '../compliance.config';
import { callerPseudonym } from './caller-pseudonym';
import { lockTenantSends, recentSends } from './send-history';
import { DecisionPublisher } from './decision.publisher';
import { insertDecision } from './decision.records';
import { decideMissedCall, type CallerHistory, type PolicyDecision } from './missed-call.policy';

interface StoredDecision {
  decision: Decision;
  smsRequest: SmsRequest | null;
  published: boolean;
}

/**
 * One decision per missed call, recorded before it is published. A replayed
 * missed call finds its decision and only re-publishes it if publishing had
 * not finished, with the same ids, so the notifier sends nothing twice.
 * Decisions of one tenant are taken one at a time (a transaction-scoped
 * advisory lock), so the tenant's rate limits hold across replicas.
 */
@Injectable()
export class DecideMissedCallHandler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(DecisionPublisher) private readonly publisher: DecisionPublisher,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(COMPLIANCE_CONFIG) private readonly config: ComplianceConfig,
  ) {}

  async handle(verdict: CallVerdict): Promise<void> {
    if (verdict.verdict !== 'missed') {
      return;
    }
    const tenant = this.tenants.get(verdict.tenant_id);
    if (!tenant) {
      throw new ReboundError(
        'COMPLIANCE.UNKNOWN_TENANT',
        `tenant ${verdict.tenant_id} is not configured`,
        false,
      );
    }
    const stored = await this.db.transaction((tx) => this.decideOnce(tx, verdict, tenant));
    if (!stored.published) {
      await this.publisher.publish(stored.decision, stored.smsRequest);
    }
  }

  private async decideOnce(
    tx: EntityManager,
    verdict: CallVerdict,
    tenant: Tenant,
  ): Promise<StoredDecision> {
    const decisionId = `${verdict.tenant_id}:${verdict.call_id}`;
    await lockTenantSends(tx, tenant.id);
    const existing = (await tx.query(
      'select payload, sms_request, published_at from decision where decision_id = $1',
      [decisionId],
    )) as Array<{ payload: Decision; sms_request: SmsRequest | null; published_at: Date | null }>;
    if (existing.length > 0) {
      return {
        decision: existing[0].payload,
        smsRequest: existing[0].sms_request,
        published: Boolean(existing[0].published_at),
      };
    }
    const callerHash = callerPseudonym(
      this.config.REBOUND_PSEUDONYM_KEY,
      tenant.id,
      verdict.caller.e164 ?? verdict.caller.raw,
    );
    const now = this.clock.now();
    const history = await this.history(tx, tenant, callerHash, now);
    const policy = decideMissedCall(verdict, tenant, history, now);
    const stored = this.toRecords(decisionId, verdict, tenant, callerHash, policy, now);
    await insertDecision(tx, {
      decision: stored.decision,
      smsRequest: policy.outcome === 'send' ? stored.smsRequest : null,
      callerE164: verdict.caller.e164,
      callAt: verdict.call_ended_at,
    });
    if (policy.outcome === 'defer') {
      await this.storeDeferred(tx, stored, verdict, policy.releaseAt);

      return { ...stored, smsRequest: null };
    }

    return stored;
  }

  /** Dedup counts a text still waiting for the opening as a text. */
  private async history(
    tx: EntityManager,
    tenant: Tenant,
    callerHash: string,
    now: Date,
  ): Promise<CallerHistory> {
    const [row] = (await tx.query(
      `select
         exists(select 1 from opt_out where tenant_id = $1 and caller_hash = $2) as opted_out,
         exists(select 1 from known_landline where tenant_id = $1 and caller_hash = $2) as landline,
         (select max(d.call_at) from decision d where d.tenant_id = $1 and d.caller_hash = $2
            and (d.outcome = 'send' or (d.outcome = 'defer' and exists (
              select 1 from deferred_text t where t.decision_id = d.decision_id and t.status = 'pending'
            )))) as last_text_at`,
      [tenant.id, callerHash],
    )) as Array<{ opted_out: boolean; landline: boolean; last_text_at: Date | null }>;
    const sends = await recentSends(tx, tenant, now);

    return {
      optedOut: row.opted_out,
      knownLandline: row.landline,
      lastTextAt: row.last_text_at,
      callerSends: sends.filter((send) => send.caller_hash === callerHash).map((s) => s.at),
      tenantSends: sends.map((send) => send.at),
    };
  }

  private async storeDeferred(
    tx: EntityManager,
    stored: StoredDecision,
    verdict: CallVerdict,
    releaseAt: Date,
  ): Promise<void> {
    await tx.query(
      `insert into deferred_text (decision_id, tenant_id, caller_hash, caller_e164, call_at, release_at,
         sms_request, trace_parent)
       values ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [
        stored.decision.decision_id,
        stored.decision.tenant_id,
        stored.decision.caller_hash,
        verdict.caller.e164,
        verdict.call_ended_at,
        releaseAt,
        stored.smsRequest,
        injectContext().traceparent ?? null,
      ],
    );
  }

  private toRecords(
    decisionId: string,
    verdict: CallVerdict,
    tenant: Tenant,
    callerHash: string,
    policy: PolicyDecision,
    now: Date,
  ): StoredDecision {
    const decidedAt = now.toISOString();
    const smsRequest = this.smsRequest(decisionId, verdict, tenant, policy, decidedAt);
    const decision: Decision = {
      schema_version: DECISION_SCHEMA_VERSION,
      decision_id: decisionId,
      tenant_id: tenant.id,
      call_id: verdict.call_id,
      caller_hash: callerHash,
      outcome: policy.outcome,
      ...this.explain(policy, tenant),
      variant: policy.variant,
      legal_basis: policy.legalBasis,
      dry_run: tenant.dry_run,
      decided_at: decidedAt,
      sms_request_id: policy.outcome === 'send' ? (smsRequest?.request_id ?? null) : null,
    };

    return { decision, smsRequest, published: false };
  }

  /** In a dry run the decision says so: `dry_run` instead of `sent`. */
  private explain(policy: PolicyDecision, tenant: Tenant): { reason: string; rule: string } {
    switch (policy.outcome) {
      case 'send':
        return { reason: tenant.dry_run ? 'dry_run' : 'sent', rule: 'send.approved' };
      case 'defer':
        return { reason: 'quiet_hours', rule: 'schedule.defer_to_opening' };
      case 'suppress':
        return { reason: policy.reason, rule: policy.rule };
    }
  }

  private smsRequest(
    decisionId: string,
    verdict: CallVerdict,
    tenant: Tenant,
    policy: PolicyDecision,
    decidedAt: string,
  ): SmsRequest | null {
    if (policy.outcome === 'suppress' || !verdict.caller.e164) {
      return null;
    }

    return {
      schema_version: SMS_REQUEST_SCHEMA_VERSION,
      request_id: decisionId,
      tenant_id: tenant.id,
      call_id: verdict.call_id,
      to: verdict.caller.e164,
      sender: tenant.sender,
      body: policy.body,
      encoding: policy.encoding,
      segments: policy.segments,
      variant: policy.variant,
      provider: tenant.provider,
      dry_run: tenant.dry_run,
      approved_at: decidedAt,
      call_ended_at: verdict.call_ended_at,
    };
  }
}
