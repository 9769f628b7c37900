/**
 * Topic names and partition counts. Every topic name is built from a prefix so
 * that tests (and staging clusters shared by several installs) can keep their
 * traffic apart: `KAFKA_TOPIC_PREFIX` defaults to `rebound.`.
 */
export const TOPIC_SUFFIXES = {
  callEvents: 'call-events.v1',
  callVerdicts: 'call-verdicts.v1',
  missedCalls: 'missed-calls.v1',
  smsRequests: 'sms-requests.v1',
  decisions: 'decisions.v1',
  smsStatus: 'sms-status.v1',
  inboundSms: 'inbound-sms.v1',
  unroutedWebhooks: 'unrouted-webhooks.v1',
  privacyRequests: 'privacy-requests.v1',
  privacyConfirmations: 'privacy-confirmations.v1',
  tenants: 'tenants.v1',
  optOutCommands: 'opt-out-commands.v1',
  inboundReadings: 'inbound-readings.v1',
} as const;

export type TopicKey = keyof typeof TOPIC_SUFFIXES;

export const DEFAULT_TOPIC_PREFIX = 'rebound.';

export const DLQ_SUFFIX = '.dlq';

/** Partitions per topic: enough for two or three consumers per service. */
export const TOPIC_PARTITIONS: Record<TopicKey, number> = {
  callEvents: 6,
  callVerdicts: 6,
  missedCalls: 6,
  smsRequests: 6,
  decisions: 3,
  smsStatus: 6,
  inboundSms: 3,
  unroutedWebhooks: 1,
  privacyRequests: 3,
  privacyConfirmations: 1,
  tenants: 1,
  optOutCommands: 3,
  inboundReadings: 3,
};

export class TopicNames {
  constructor(private readonly prefix: string = DEFAULT_TOPIC_PREFIX) {}

  of(key: TopicKey): string {
    return `${this.prefix}${TOPIC_SUFFIXES[key]}`;
  }

  dlqOf(key: TopicKey): string {
    return `${this.of(key)}${DLQ_SUFFIX}`;
  }

  /** Every topic with its DLQ, as the broker should have them. */
  all(): Array<{ topic: string; partitions: number; compacted: boolean }> {
    const keys = Object.keys(TOPIC_SUFFIXES) as TopicKey[];

    return keys.flatMap((key) => [
      { topic: this.of(key), partitions: TOPIC_PARTITIONS[key], compacted: key === 'tenants' },
      { topic: this.dlqOf(key), partitions: 1, compacted: false },
    ]);
  }
}
