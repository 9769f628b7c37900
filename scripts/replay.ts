import { existsSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import {
  PRIVACY_SCHEMA_VERSION,
  RecordHeader,
  SMS_STATUSES,
  TopicNames,
  type CallVerdict,
  type Decision,
  type InboundReading,
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
import { AmiPbxServer } from '../tools/ami-pbx/ami-pbx.server';
import { amiScenarioFrames } from '../tools/ami-pbx/ami-scenario';
import { isReady, stackEnv, stackUp } from './stack';

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
  confirmations: Array<{ request_id: string; service?: string }>;
}

const INGEST = process.env.INGEST_URL ?? 'http://127.0.0.1:3000';

/** Carriers whose requests authenticate with the tenant's PBX API key rather than a signature. */
const PBX_CARRIERS = new Set(['3cx', 'freeswitch']);

export interface ReplayerOptions {
  /** Where ingest listens; default INGEST_URL or http://127.0.0.1:3000. */
  ingestUrl?: string;
  /** The variables ingest runs with (config/local.env): PBX key, AMI login and port. */
  env?: NodeJS.ProcessEnv;
  /** The PBX ingest's AMI client is connected to; else one is started on ASTERISK_AMI_PORT. */
  pbx?: AmiPbxServer;
}
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
  private readonly readingsByTrace = new Map<string, InboundReading[]>();
  private consumer: Consumer | undefined;
  private readonly kafka: Kafka;
  private readonly topics: TopicNames;
  private readonly traceByCall = new Map<string, string>();
  private readonly ingestUrl: string;
  private readonly env: NodeJS.ProcessEnv;
  private pbx: AmiPbxServer | undefined;

  constructor(brokers: string[], prefix: string, options: ReplayerOptions = {}) {
    this.ingestUrl = options.ingestUrl ?? INGEST;
    this.env = options.env ?? stackEnv();
    this.pbx = options.pbx;
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
      'inboundReadings',
    ] as const) {
      await consumer.subscribe({ topic: this.topics.of(key), fromBeginning: false });
    }
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const traceparent = message.headers?.[RecordHeader.TraceParent]?.toString() ?? '';
        const traceId = traceparent.split('-')[1];
        const value = JSON.parse(message.value?.toString() ?? 'null') as never;
        const observed = this.observed(traceId ?? 'none');
        if (topic === this.topics.of('callVerdicts')) {
          observed.verdicts.push(value);
        }
        if (topic === this.topics.of('callVerdicts')) {
          this.traceByCall.set((value as CallVerdict).call_id, traceId ?? 'none');
        }
        if (topic === this.topics.of('decisions')) {
          observed.decisions.push(value);
        }
        if (topic === this.topics.of('smsRequests')) {
          observed.smsRequests.push(value);
        }
        if (topic === this.topics.of('smsStatus')) {
          observed.statuses.push(value);
        }
        if (topic === this.topics.of('inboundReadings')) {
          this.readingsOf(traceId ?? 'none').push(value);
        }
        if (topic === this.topics.of('privacyConfirmations')) {
          this.observed('privacy').confirmations.push(value);
        }
        await Promise.resolve();
      },
    });
    await joined;
    // The group is joined but new-group offsets resolve to "latest" lazily: give it a moment.
    await sleep(1500);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.pbx?.close();
  }

  async play(fixture: Fixture): Promise<ScenarioResult> {
    let traceId = randomBytes(16).toString('hex');
    const statuses: Array<{ status: number; reason?: string }> = [];
    const amiFrames = fixture.requests.filter((request) => request.method === 'AMI');
    if (amiFrames.length > 0) {
      const callIds = await this.playAmi(amiFrames.map((request) => String(request.body)));
      statuses.push({ status: 200 });
      traceId = await this.traceOfCall(callIds);
    }
    for (const request of fixture.requests.filter((item) => item.method !== 'AMI')) {
      statuses.push(await this.send(request, fixture, traceId));
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
      const texts = statuses.filter((item) => item.status < 300).length;
      const outcome = await this.inboundOutcome(traceId, texts);
      await this.forgetInboundSenders(fixture, traceId);

      return { ...result, outcome };
    }

    return this.callOutcome(result, traceId);
  }

  /**
   * How compliance read the scenario's texts, in the fixture corpus's words:
   * one intent for one text (`opt_out`), `<intent>_intent_variants` when
   * several differently worded texts all meant the same, else the intents
   * in order joined by `+`.
   */
  private async inboundOutcome(traceId: string, texts: number): Promise<string> {
    const readings = this.readingsOf(traceId);
    await this.waitFor(() => readings.length >= texts, WAIT_MS);
    if (readings.length === 0) {
      return 'no_reading_observed';
    }
    const intents = [...new Set(readings.map((reading) => reading.intent))];
    if (intents.length > 1) {
      return readings.map((reading) => reading.intent).join('+');
    }

    return readings.length > 1 ? `${intents[0]}_intent_variants` : intents[0];
  }

  /** An inbound text's opt-out must not suppress the next scenario's text: forget the sender. */
  private async forgetInboundSenders(fixture: Fixture, traceId: string): Promise<void> {
    const tenantId = this.readingsOf(traceId)[0]?.tenant_id;
    const senders = new Set(
      fixture.requests
        .map((request) =>
          new URLSearchParams(fixtureBodyBytes(request).toString('utf8')).get('From'),
        )
        .filter((from): from is string => Boolean(from && /^\+[1-9]\d{1,14}$/.test(from))),
    );
    for (const sender of tenantId ? senders : []) {
      await this.forget(tenantId as string, sender);
    }
  }

  private readingsOf(traceId: string): InboundReading[] {
    let readings = this.readingsByTrace.get(traceId);
    if (!readings) {
      readings = [];
      this.readingsByTrace.set(traceId, readings);
    }

    return readings;
  }

  /**
   * Forgets a caller so the next scenario starts from a clean slate: sends
   * an erasure request and waits until every service that keeps state on
   * callers has confirmed it.
   */
  async forget(
    tenantId: string,
    phone: string,
    services: readonly string[] = ['compliance', 'detector', 'notifier'],
  ): Promise<void> {
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
    const confirmedBy = () =>
      new Set(
        this.observed('privacy')
          .confirmations.filter((item) => item.request_id === requestId)
          .map((item) => item.service),
      );
    await this.waitFor(() => services.every((service) => confirmedBy().has(service)), WAIT_MS);
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
    if (sent && request) {
      // The next scenario starts from a clean slate: no earlier text to this caller.
      await this.forget(verdict.tenant_id, request.to);
    }

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

  /**
   * Plays AMI frames as the PBX ingest's AMI client is connected to (started
   * on first use on ASTERISK_AMI_PORT, waiting for ingest's login). AMI
   * frames carry no clock and no trace: ingest judges them at arrival and
   * starts one trace per call, so the replay finds the verdict by call id.
   */
  private async playAmi(bodies: string[]): Promise<string[]> {
    if (!this.pbx) {
      const pbx = new AmiPbxServer({
        username: this.env.ASTERISK_AMI_USERNAME ?? 'rebound',
        secret: this.env.ASTERISK_AMI_SECRET ?? '',
      });
      await pbx.listen(Number(this.env.ASTERISK_AMI_PORT ?? 5038));
      this.pbx = pbx;
    }
    await this.pbx.waitForLogin(WAIT_MS * 2);
    const { frames, callIds } = amiScenarioFrames(
      bodies,
      `replay${randomBytes(4).toString('hex')}`,
    );
    await this.pbx.play(frames);

    return callIds;
  }

  /** The trace of the verdict on one of these calls, once it is seen ('none' when it is not). */
  private async traceOfCall(callIds: string[]): Promise<string> {
    await this.waitFor(() => callIds.some((id) => this.traceByCall.has(id)), WAIT_MS);
    const found = callIds.find((id) => this.traceByCall.has(id));

    return found ? (this.traceByCall.get(found) as string) : randomBytes(16).toString('hex');
  }

  private async send(request: FixtureRequest, fixture: Fixture, traceId: string) {
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
    headers['x-rebound-clock'] = requestClock(request, fixture.fixture_clock);
    this.addPbxCredential(fixture, headers);
    headers.traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const body = request.method === 'GET' ? undefined : fixtureBodyBytes(request);
    const response = await fetch(`${this.ingestUrl}${url.pathname}${url.search}`, {
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

  /**
   * A customer's PBX is configured with the tenant's API key; fixtures
   * recorded without one (3CX) get it as X-Rebound-Api-Key, as that PBX
   * would send it. A fixture's own credential (FreeSWITCH's Basic) stays.
   */
  private addPbxCredential(fixture: Fixture, headers: Record<string, string>): void {
    const key = this.env.PRAXIS_MUELLER_PBX_API_KEY;
    const names = Object.keys(headers).map((name) => name.toLowerCase());
    if (
      PBX_CARRIERS.has(fixture.carrier) &&
      key &&
      !names.includes('authorization') &&
      !names.includes('x-rebound-api-key')
    ) {
      headers['x-rebound-api-key'] = key;
    }
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

/**
 * The time a request is judged at (`X-Rebound-Clock`): when the carrier
 * wrote the time of the event into the request itself (MessageBird's
 * `statusDatetime`), that time, so each of a scenario's requests is judged
 * when it was sent; otherwise the fixture's clock. Signature timestamps
 * are never used: they are what is being judged.
 */
export function requestClock(request: FixtureRequest, fixtureClock: string): string {
  const stated = new URL(request.url).searchParams.get('statusDatetime');
  const body = request.body as Record<string, unknown> | undefined;
  const inBody = typeof body === 'object' && body !== null ? body.statusDatetime : undefined;
  const candidate = stated ?? (typeof inBody === 'string' ? inBody : undefined);
  if (candidate && !Number.isNaN(new Date(candidate).getTime())) {
    return new Date(candidate).toISOString();
  }

  return fixtureClock;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The fixture files to play; a path that does not exist, or no file at all, is an error. */
function fixtureFilesOrFail(paths: string[]): string[] {
  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`no such file or folder: ${missing.join(', ')}`);
  }
  const files = listFixtureFiles(paths.length > 0 ? paths : undefined);
  if (files.length === 0) {
    throw new Error('no fixture files (*.json) found there');
  }

  return files;
}

export async function replay(paths: string[]): Promise<ScenarioResult[]> {
  const files = fixtureFilesOrFail(paths);
  if (!(await isReady(3000))) {
    await stackUp();
  }
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const replayer = new Replayer(brokers, process.env.KAFKA_TOPIC_PREFIX ?? 'rebound.');
  await replayer.start();
  const results: ScenarioResult[] = [];
  try {
    for (const file of files) {
      const result = await replayer.play(loadFixture(file));
      console.log(JSON.stringify(result));
      results.push(result);
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
