import { Inject, Injectable } from '@nestjs/common';
import { CALL_VERDICT_SCHEMA_VERSION, type CallVerdict } from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';
import { LOGGER } from '@rebound/service-kit';
import {
  Metrics,
  SpanKind,
  extractContext,
  inSpan,
  linksTo,
  type Logger,
} from '@rebound/telemetry';

/**
 * Publishes one verdict: always on call-verdicts, and on missed-calls when
 * it is a miss that no callback cancelled. Published under the trace of the
 * call's latest event, so the verdict joins its trace.
 */
@Injectable()
export class VerdictPublisher {
  constructor(
    @Inject(KafkaBus) private readonly bus: KafkaBus,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Publishes under the trace of the call's latest event, linked to the
   * traces the call's earlier events arrived in (each carrier webhook is a
   * trace of its own).
   */
  async publish(
    verdict: CallVerdict,
    traceParent: string | null,
    earlier: string[] = [],
  ): Promise<void> {
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
        links: linksTo(earlier.filter((item) => item !== traceParent)),
      },
      async () => {
        await this.bus.publish('callVerdicts', record);
        if (verdict.verdict === 'missed' && verdict.hold?.outcome !== 'cancelled') {
          await this.bus.publish('missedCalls', record);
        }
      },
    );
    this.count(verdict);
    this.logger.info(
      {
        call_id: verdict.call_id,
        tenant_id: verdict.tenant_id,
        verdict: verdict.verdict,
        reason: verdict.reason,
        hold: verdict.hold?.outcome,
        cancel_reason: verdict.hold?.cancel_reason,
      },
      'call judged',
    );
  }

  private count(verdict: CallVerdict): void {
    this.metrics
      .counter('rebound_detector_verdicts_total', 'Verdicts by verdict and reason', [
        'verdict',
        'reason',
      ])
      .inc({ verdict: verdict.verdict, reason: verdict.reason });
    if (verdict.hold) {
      this.metrics
        .counter('rebound_detector_holds_total', 'Callback-aware holds by outcome and reason', [
          'outcome',
          'reason',
        ])
        .inc({ outcome: verdict.hold.outcome, reason: verdict.hold.cancel_reason ?? 'none' });
    }
  }
}
