import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import {
  PRIVACY_SCHEMA_VERSION,
  RecordHeader,
  SMS_STATUSES,
  TopicNames,
  type CallVerdict,
  type Decision,
  type SmsRequest,
  type SmsStatus,
} from '@rebound/contracts';
import {
  fixtureBodyBytes,
  listFixtureFiles,
  loadFixture,
  type Fixture,
  type FixtureRequest,
} from '@rebound/testing';
import { isReady, stackUp } from './stack';

/**
 * Plays carrier fixture files through the running product, exactly as the
 * carriers sent them, and prints one JSON line per scenario with what the
 * product did. Each scenario is its own trace: the replay sets
 * `traceparent` on its requests and recognises the product's records on
 * the topics by that trace id.
 */
interface Observed {
  verdicts: CallVerdict[];
  decisions: Decision[];
  smsRequests: SmsRequest[];
  statuses: SmsStatus[];
  confirmations: Array<{ request_id: string }>;
}

const INGEST = process.env.INGEST_URL ?? 'http://127.0.0.1:3000';
const WAIT_MS = Number(process.env.REPLAY_WAIT_MS ?? 15_000);

export interface ScenarioResult {
  file: string;
  verdict: string | null;
  reason: string | null;
  sms: 'sent' | 'suppressed' | null;
  sms_to: string | null;
  suppressed_because: string | null;
  outcome?: string | null;
}

export class Replayer {
  private readonly byTrace = new Map<string, Observed>();
  private consumer: Consumer | undefined;
  private readonly kafka: Kafka;
  private readonly topics: TopicNames;

  constructor(brokers: string[], prefix: string) {
    this.kafka = new Kafka({ clientId: 'rebound-replay', brokers, logLevel: logLevel.NOTHING });
    this.topics = new TopicNames(prefix);
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: `rebound-replay-${randomUUID()}` });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
    );
    await consumer.connect();
    for (const key of [
      'callVerdicts',
      'decisions',
      'smsRequests',
      'smsStatus',
      'privacyConfirmations',
    ] as const) {
      await consumer.subscribe({ topic: this.topics.of(key), fromBeginning: false });
    }
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const traceparent = message.headers?.[RecordHeader.TraceParent]?.toString() ?? '';
        const traceId = traceparent.split('-')[1];
        const value = JSON.parse(message.value?.toString() ?? 'null') as never;
        const observed = this.observed(traceId ?? 'none');
        if (topic === this.topics.of('callVerdicts')) observed.verdicts.push(value);
        if (topic === this.topics.of('decisions')) observed.decisions.push(value);
        if (topic === this.topics.of('smsRequests')) observed.smsRequests.push(value);
        if (topic === this.topics.of('smsStatus')) observed.statuses.push(value);
        if (topic === this.topics.of('privacyConfirmations'))
          this.observed('privacy').confirmations.push(value);
        await Promise.resolve();
      },
    });
    await joined;
    // The group is joined but new-group offsets resolve to "latest" lazily: give it a moment.
    await sleep(1500);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  async play(fixture: Fixture): Promise<ScenarioResult> {
    const traceId = randomBytes(16).toString('hex');
    const statuses: Array<{ status: number; reason?: string }> = [];
    for (const request of fixture.requests) {
      if (request.method === 'AMI') {
        continue;
      }
      statuses.push(await this.send(request, fixture.fixture_clock, traceId));
    }
    const result: ScenarioResult = {
      file: fixture.file,
      verdict: null,
      reason: null,
      sms: null,
      sms_to: null,
      suppressed_because: null,
    };
    const accepted = statuses.some((item) => item.status < 300);
    if (!accepted) {
      const rejection = statuses.find((item) => item.status >= 400);

      return { ...result, verdict: 'refused', reason: rejection?.reason ?? 'no_request_accepted' };
    }
    if (fixture.kind === 'sms_status') {
      return { ...result, outcome: await this.smsOutcome(traceId) };
    }
    if (fixture.kind === 'sms_inbound') {
      return { ...result, outcome: 'accepted' };
    }

    return this.callOutcome(result, traceId);
  }

  /** Forgets a texted caller so the next scenario starts from a clean slate. */
  async forget(tenantId: string, phone: string): Promise<void> {
    const producer = this.kafka.producer();
    await producer.connect();
    const requestId = randomUUID();
    await producer.send({
      topic: this.topics.of('privacyRequests'),
      acks: -1,
      messages: [
        {
          key: `${tenantId}:${phone}`,
          value: JSON.stringify({
            schema_version: PRIVACY_SCHEMA_VERSION,
            request_id: requestId,
            tenant_id: tenantId,
            kind: 'erase',
            phone_e164: phone,
            requested_at: new Date().toISOString(),
          }),
        },
      ],
    });
    await producer.disconnect();
    await this.waitFor(
      () => this.observed('privacy').confirmations.some((item) => item.request_id === requestId),
      WAIT_MS,
    );
  }

  private async callOutcome(result: ScenarioResult, traceId: string): Promise<ScenarioResult> {
    const observed = this.observed(traceId);
    await this.waitFor(() => observed.verdicts.length > 0, WAIT_MS);
    const verdict = observed.verdicts[0];
    if (!verdict) {
      return { ...result, verdict: 'undecided', reason: 'no_verdict_observed' };
    }
    const base = { ...result, verdict: verdict.verdict, reason: verdict.reason };
    if (verdict.verdict !== 'missed') {
      return base;
    }
    await this.waitFor(() => observed.decisions.length > 0, WAIT_MS);
    const decision = observed.decisions[0];
    if (!decision) {
      return base;
    }
    if (decision.outcome !== 'send') {
      return { ...base, sms: 'suppressed', suppressed_because: decision.reason };
    }
    await this.waitFor(
      () => observed.statuses.some((status) => status.request_id === decision.sms_request_id),
      WAIT_MS,
    );
    const request = observed.smsRequests.find(
      (item) => item.request_id === decision.sms_request_id,
    );
    const handed = observed.statuses.find(
      (status) => status.request_id === decision.sms_request_id,
    );
    const sent = handed && handed.status !== 'failed';

    return {
      ...base,
      sms: sent ? 'sent' : 'suppressed',
      sms_to: request?.to ?? null,
      suppressed_because: sent ? null : (handed?.failure ?? 'not_sent'),
    };
  }

  /** The delivery state the receipts add up to, in the fixture corpus's words. */
  private async smsOutcome(traceId: string): Promise<string> {
    const observed = this.observed(traceId);
    await this.waitFor(() => observed.statuses.length > 0, WAIT_MS);
    await sleep(500);
    const final = [...observed.statuses].sort(
      (a, b) => SMS_STATUSES.indexOf(b.status) - SMS_STATUSES.indexOf(a.status),
    )[0];
    if (!final) {
      return 'no_status_observed';
    }
    const failure = final.failure && final.failure !== final.status ? `_${final.failure}` : '';
    const segments = Math.max(...observed.statuses.map((status) => status.segments ?? 1));

    return `sms_${final.status}${failure}${segments > 1 ? `_${segments}_segments` : ''}`;
  }

  private async send(request: FixtureRequest, clock: string, traceId: string) {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (!['host', 'content-length', 'connection'].includes(name.toLowerCase())) {
        headers[name] = String(value);
      }
    }
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['content-type'] = request.content_type;
    }
    headers['x-rebound-clock'] = clock;
    headers.traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const body = request.method === 'GET' ? undefined : fixtureBodyBytes(request);
    const response = await fetch(`${INGEST}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body,
    });
    const text = await response.text();
    let reason: string | undefined;
    try {
      reason = (JSON.parse(text) as { error?: string }).error;
    } catch {
      reason = undefined;
    }

    return { status: response.status, reason };
  }

  private observed(traceId: string): Observed {
    let entry = this.byTrace.get(traceId);
    if (!entry) {
      entry = { verdicts: [], decisions: [], smsRequests: [], statuses: [], confirmations: [] };
      this.byTrace.set(traceId, entry);
    }

    return entry;
  }

  private async waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition() && Date.now() < deadline) {
      await sleep(100);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function replay(paths: string[]): Promise<ScenarioResult[]> {
  if (!(await isReady(3000))) {
    await stackUp();
  }
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const replayer = new Replayer(brokers, process.env.KAFKA_TOPIC_PREFIX ?? 'rebound.');
  await replayer.start();
  const results: ScenarioResult[] = [];
  try {
    for (const file of listFixtureFiles(paths.length > 0 ? paths : undefined)) {
      const result = await replayer.play(loadFixture(file));
      console.log(JSON.stringify(result));
      results.push(result);
      if (result.sms === 'sent' && result.sms_to) {
        await replayer.forget('praxis-mueller', result.sms_to);
      }
    }
  } finally {
    await replayer.stop();
  }

  return results;
}

if (require.main === module) {
  replay(process.argv.slice(2))
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(`replay: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
