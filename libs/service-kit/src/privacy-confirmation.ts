import {
  PRIVACY_SCHEMA_VERSION,
  type PrivacyConfirmation,
  type PrivacyRequest,
} from '@rebound/contracts';
import type { KafkaBus } from '@rebound/kafka';

export interface PrivacyOutcome {
  service: string;
  rows: number;
  /** What an export found; ignored for an erasure. */
  records?: Array<Record<string, unknown>>;
  completedAt: Date;
}

/** Answers an erasure or export request on the confirmations topic, as every service does. */
export async function confirmPrivacyRequest(
  bus: KafkaBus,
  request: PrivacyRequest,
  outcome: PrivacyOutcome,
): Promise<PrivacyConfirmation> {
  const confirmation: PrivacyConfirmation = {
    schema_version: PRIVACY_SCHEMA_VERSION,
    request_id: request.request_id,
    tenant_id: request.tenant_id,
    service: outcome.service,
    kind: request.kind,
    rows_affected: outcome.rows,
    records: request.kind === 'export' ? (outcome.records ?? []) : undefined,
    completed_at: outcome.completedAt.toISOString(),
  };
  await bus.publish('privacyConfirmations', {
    key: request.request_id,
    value: confirmation,
    eventType: 'privacy-confirmation',
    schemaVersion: PRIVACY_SCHEMA_VERSION,
  });

  return confirmation;
}
