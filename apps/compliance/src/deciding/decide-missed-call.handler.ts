import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DECISION_SCHEMA_VERSION,
  SMS_REQUEST_SCHEMA_VERSION,
  type CallVerdict,
  type Decision,
  type SmsRequest,
} from '@rebound/contracts';
import { TenantDirectory } from '@rebound/config';
import { KafkaBus, ReboundError } from '@rebound/kafka';
import { Clock, LOGGER } from '@rebound/service-kit';
import { Metrics, type Logger } from '@rebound/telemetry';
import { COMPLIANCE_CONFIG } from '../compliance.tokens';
import type { ComplianceConfig } from '../compliance.config';
import { callerPseudonym } from './caller-pseudonym';
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
 */
@Injectable()
export class DecideMissedCallHandler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(KafkaBus) private readonly bus: KafkaBus,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(COMPLIANCE_CONFIG) private readonly config: ComplianceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
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
      await this.publish(stored);
    }
  }

  private async decideOnce(
    tx: EntityManager,
    verdict: CallVerdict,
    tenant: NonNullable<ReturnType<TenantDirectory['get']>>,
  ): Promise<StoredDecision> {
    const decisionId = `${verdict.tenant_id}:${verdict.call_id}`;
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
    const history = await this.history(tx, tenant.id, callerHash);
    const policy = decideMissedCall(verdict, tenant, history);
    const stored = this.toRecords(decisionId, verdict, tenant, callerHash, policy);
    await tx.query(
      `insert into decision (decision_id, tenant_id, call_id, caller_hash, caller_e164, outcome, reason, rule,
         variant, legal_basis, dry_run, sms_request, payload, decided_at, call_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
      [
        decisionId,
        tenant.id,
        verdict.call_id,
        callerHash,
        verdict.caller.e164,
        stored.decision.outcome,
        stored.decision.reason,
        stored.decision.rule,
        stored.decision.variant,
        stored.decision.legal_basis,
        stored.decision.dry_run,
        stored.smsRequest,
        stored.decision,
        stored.decision.decided_at,
        verdict.call_ended_at,
      ],
    );

    return stored;
  }

  private async history(
    tx: EntityManager,
    tenantId: string,
    callerHash: string,
  ): Promise<CallerHistory> {
    const [row] = (await tx.query(
      `select
         exists(select 1 from opt_out where tenant_id = $1 and caller_hash = $2) as opted_out,
         exists(select 1 from known_landline where tenant_id = $1 and caller_hash = $2) as landline,
         (select max(call_at) from decision where tenant_id = $1 and caller_hash = $2 and outcome = 'send') as last_text_at`,
      [tenantId, callerHash],
    )) as Array<{ opted_out: boolean; landline: boolean; last_text_at: Date | null }>;

    return { optedOut: row.opted_out, knownLandline: row.landline, lastTextAt: row.last_text_at };
  }

  private toRecords(
    decisionId: string,
    verdict: CallVerdict,
    tenant: NonNullable<ReturnType<TenantDirectory['get']>>,
    callerHash: string,
    policy: PolicyDecision,
  ): StoredDecision {
    const decidedAt = this.clock.now().toISOString();
    const send = policy.outcome === 'send';
    const smsRequest: SmsRequest | null =
      send && verdict.caller.e164
        ? {
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
          }
        : null;
    const decision: Decision = {
      schema_version: DECISION_SCHEMA_VERSION,
      decision_id: decisionId,
      tenant_id: tenant.id,
      call_id: verdict.call_id,
      caller_hash: callerHash,
      outcome: policy.outcome,
      reason: policy.outcome === 'send' ? (tenant.dry_run ? 'dry_run' : 'sent') : policy.reason,
      rule: policy.outcome === 'send' ? 'send.approved' : policy.rule,
      variant: policy.variant,
      legal_basis: policy.legalBasis,
      dry_run: tenant.dry_run,
      decided_at: decidedAt,
      sms_request_id: smsRequest?.request_id ?? null,
    };

    return { decision, smsRequest, published: false };
  }

  private async publish(stored: StoredDecision): Promise<void> {
    const { decision, smsRequest } = stored;
    const key = `${decision.tenant_id}:${decision.caller_hash}`;
    if (smsRequest) {
      await this.bus.publish('smsRequests', {
        key,
        value: smsRequest,
        eventType: 'sms-request',
        schemaVersion: SMS_REQUEST_SCHEMA_VERSION,
      });
    }
    await this.bus.publish('decisions', {
      key,
      value: decision,
      eventType: 'decision',
      schemaVersion: DECISION_SCHEMA_VERSION,
    });
    await this.db.query('update decision set published_at = now() where decision_id = $1', [
      decision.decision_id,
    ]);
    this.metrics
      .counter('rebound_compliance_decisions_total', 'Decisions by outcome and reason', [
        'outcome',
        'reason',
      ])
      .inc({ outcome: decision.outcome, reason: decision.reason });
    this.logger.info(
      {
        call_id: decision.call_id,
        tenant_id: decision.tenant_id,
        outcome: decision.outcome,
        reason: decision.reason,
        variant: decision.variant,
      },
      'missed call decided',
    );
  }
}
