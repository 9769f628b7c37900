import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import {
  CALL_VERDICT_SCHEMA_VERSION,
  INBOUND_SMS_SCHEMA_VERSION,
  OPT_OUT_COMMAND_SCHEMA_VERSION,
  type CallVerdict,
  type Decision,
  type InboundReading,
  type SmsRequest,
  type TopicKey,
} from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';
import { Clock } from '@rebound/service-kit';
import { createLogger } from '@rebound/telemetry';
import { loadComplianceConfig } from '../../apps/compliance/src/compliance.config';
import { ComplianceModule } from '../../apps/compliance/src/compliance.module';
import { DeferredTextReleaser } from '../../apps/compliance/src/deferring/deferred-text.releaser';
import { RetentionSweeper } from '../../apps/compliance/src/privacy/retention.sweeper';

jest.setTimeout(120_000);

const MOBILE_DE = '+4915228817386';
const MOBILE_GB = '+447700900123';
const SPLIT_SHIFT = "[{ from: '08:00', to: '12:00' }, { from: '14:00', to: '18:00' }]";

function tenantYaml(id: string, number: string, extra: string): string {
  return `
  - id: ${id}
    name: Praxis Test
    numbers: ['${number}']
    forward_to: '+496990009010'
    country: DE
    region: BE
    allowed_countries: [DE, GB]
    time_zone: Europe/Berlin
    sender: '${number}'
    templates:
      business_hours: 'Hallo! Sie haben {business_name} angerufen. Wir rufen zurück.'
      after_hours: 'Hallo! {business_name} ist gerade geschlossen. Wir melden uns.'
    schedule: { mon: ${SPLIT_SHIFT}, tue: ${SPLIT_SHIFT}, wed: ${SPLIT_SHIFT}, thu: ${SPLIT_SHIFT}, fri: ${SPLIT_SHIFT} }
${extra}`;
}

const TENANTS = `tenants:${[
  tenantYaml(
    'dedup-desk',
    '+493023125011',
    '    rate_limits: { per_caller: [{ window_seconds: 1, max: 100 }] }',
  ),
  tenantYaml(
    'busy-shop',
    '+493023125012',
    `    dedup_window_hours: 0.0001
    rate_limits:
      per_caller: [{ window_seconds: 1, max: 100 }]
      per_tenant: [{ window_seconds: 3600, max: 2 }]`,
  ),
  tenantYaml('dry-shop', '+493023125013', '    dry_run: true'),
  tenantYaml(
    'night-clinic',
    '+493023125014',
    "    quiet_hours: { from: '20:00', to: '07:00', action: defer }",
  ),
  tenantYaml('optout-desk', '+493023125015', ''),
  tenantYaml(
    'paced-night',
    '+493023125016',
    `    quiet_hours: { from: '20:00', to: '07:00', action: defer }
    rate_limits:
      per_caller: [{ window_seconds: 1, max: 100 }]
      per_tenant: [{ window_seconds: 3600, max: 1 }]`,
  ),
].join('')}`;

/** The service's clock, set by the test: deferrals and retention are judged by it. */
let now = new Date('2026-03-10T09:20:05Z');

function missed(tenantId: string, callId: string, caller: string, endedAt: string): CallVerdict {
  return {
    schema_version: CALL_VERDICT_SCHEMA_VERSION,
    verdict_id: `${tenantId}:${callId}`,
    tenant_id: tenantId,
    carrier: 'twilio',
    call_id: callId,
    verdict: 'missed',
    reason: 'no_answer',
    caller: { raw: caller, e164: caller, withheld: false, kind: 'pstn' },
    called: { raw: '+493023125014', e164: '+493023125014', withheld: false, kind: 'pstn' },
    call_started_at: endedAt,
    call_ended_at: endedAt,
    decided_at: endedAt,
    events_seen: 3,
  };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) {
      if (value === undefined) {
        throw new Error('condition not met in time');
      }

      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

describe('the compliance service on Kafka and PostgreSQL', () => {
  const prefix = `tc${randomBytes(4).toString('hex')}.`;
  const database = `rebound_test_compliance_${randomBytes(4).toString('hex')}`;
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${database}`;
  const tenantsFile = join(tmpdir(), `${database}.yaml`);
  const logger = createLogger('compliance-test', 'warn');
  const bus = new KafkaBus(
    { brokers: ['127.0.0.1:9092'], clientId: 'compliance-test', topicPrefix: prefix },
    logger,
  );
  const seen = { decisions: [] as Decision[], smsRequests: [] as SmsRequest[] };
  const readings: InboundReading[] = [];
  let app: INestApplicationContext;
  let db: Client;

  async function publish(topic: TopicKey, key: string, value: unknown): Promise<void> {
    await bus.publish(topic, { key, value, eventType: 'test', schemaVersion: 1 });
  }

  async function decision(decisionId: string): Promise<Record<string, unknown>> {
    return waitFor(async () => {
      const result = await db.query('select * from compliance.decision where decision_id = $1', [
        decisionId,
      ]);

      return result.rows[0] as Record<string, unknown> | undefined;
    });
  }

  async function decide(verdict: CallVerdict): Promise<Record<string, unknown>> {
    await publish('missedCalls', verdict.verdict_id, verdict);

    return decision(verdict.verdict_id);
  }

  beforeAll(async () => {
    writeFileSync(tenantsFile, TENANTS);
    process.env.KAFKA_TOPIC_PREFIX = prefix;
    process.env.LOG_LEVEL = 'warn';
    await bus.ensureTopics();
    const config = loadComplianceConfig({
      ...process.env,
      DATABASE_URL: databaseUrl,
      REBOUND_TENANTS_FILE: tenantsFile,
      REBOUND_PSEUDONYM_KEY: 'test-pseudonym-key-not-secret',
      COMPLIANCE_DEFER_SWEEP_MS: '3600000',
      COMPLIANCE_RETENTION_SWEEP_MS: '3600000',
    });
    app = await NestFactory.createApplicationContext(ComplianceModule.register(config), {
      logger: false,
    });
    jest.spyOn(app.get(Clock), 'now').mockImplementation(() => now);
    await app.init();
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    await listen();
  });

  async function listen(): Promise<void> {
    const consumer = bus.kafka.consumer({ groupId: `${prefix}observer` });
    await consumer.connect();
    for (const topic of ['decisions', 'smsRequests', 'inboundReadings'] as const) {
      await consumer.subscribe({ topic: bus.topics.of(topic), fromBeginning: true });
    }
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const value = JSON.parse(message.value?.toString() ?? 'null') as never;
        if (topic === bus.topics.of('decisions')) {
          seen.decisions.push(value);
        } else if (topic === bus.topics.of('smsRequests')) {
          seen.smsRequests.push(value);
        } else {
          readings.push(value);
        }
        await Promise.resolve();
      },
    });
    afterAllConsumers.push(() => consumer.disconnect());
  }

  const afterAllConsumers: Array<() => Promise<void>> = [];

  afterAll(async () => {
    for (const stop of afterAllConsumers) {
      await stop();
    }
    const appBus = app?.get(KafkaBus);
    await app?.close();
    await appBus?.disconnect();
    await db?.end();
    await bus.disconnect();
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`drop database if exists "${database}" with (force)`);
    await admin.end();
  });

  it('should suppress a call 1 s inside the 24 h dedup window and text one at exactly 24 h', async () => {
    const first = await decide(missed('dedup-desk', 'CA-d1', MOBILE_DE, '2026-03-10T09:00:00Z'));
    const inside = await decide(missed('dedup-desk', 'CA-d2', MOBILE_DE, '2026-03-11T08:59:59Z'));
    const boundary = await decide(missed('dedup-desk', 'CA-d3', MOBILE_DE, '2026-03-11T09:00:00Z'));

    expect([first.outcome, inside.outcome, boundary.outcome]).toEqual(['send', 'suppress', 'send']);
    expect(inside).toMatchObject({ reason: 'duplicate', rule: 'dedup.window' });
  });

  it("should suppress the tenant's third text within its hourly limit as rate_limited", async () => {
    const outcomes = [];
    for (const [index, caller] of [MOBILE_DE, MOBILE_GB, MOBILE_DE].entries()) {
      const row = await decide(
        missed('busy-shop', `CA-r${index}`, caller, `2026-03-10T09:0${index}:00Z`),
      );
      outcomes.push([row.outcome, row.reason, row.rule]);
    }

    expect(outcomes).toEqual([
      ['send', 'sent', 'send.approved'],
      ['send', 'sent', 'send.approved'],
      ['suppress', 'rate_limited', 'rate.tenant'],
    ]);
  });

  it('should record a dry-run decision that says so, and hand the text on marked dry_run', async () => {
    const row = await decide(missed('dry-shop', 'CA-dry', MOBILE_DE, '2026-03-10T09:10:00Z'));
    const published = await waitFor(async () =>
      Promise.resolve(seen.decisions.find((item) => item.decision_id === 'dry-shop:CA-dry')),
    );
    const request = await waitFor(async () =>
      Promise.resolve(seen.smsRequests.find((item) => item.request_id === 'dry-shop:CA-dry')),
    );

    expect(row).toMatchObject({ outcome: 'send', reason: 'dry_run', dry_run: true });
    expect(published).toMatchObject({ outcome: 'send', reason: 'dry_run', dry_run: true });
    expect(request.dry_run).toBe(true);
  });

  it('should defer a text at 22:30 to the 08:00 opening, then release it with a send decision', async () => {
    now = new Date('2026-03-10T21:30:05Z');
    const deferred = await decide(
      missed('night-clinic', 'CA-n1', MOBILE_DE, '2026-03-10T21:30:00Z'),
    );
    const releaser = app.get(DeferredTextReleaser);
    const early = await releaser.sweep();
    now = new Date('2026-03-11T07:00:00Z');
    const due = await releaser.sweep();
    const released = await decision('night-clinic:CA-n1:release');
    const request = await waitFor(async () =>
      Promise.resolve(seen.smsRequests.find((item) => item.request_id === 'night-clinic:CA-n1')),
    );

    expect(deferred).toMatchObject({
      outcome: 'defer',
      reason: 'quiet_hours',
      rule: 'schedule.defer_to_opening',
    });
    expect([early, due]).toEqual([0, 1]);
    expect(released).toMatchObject({ outcome: 'send', reason: 'sent', rule: 'defer.released' });
    expect(request).toMatchObject({ to: MOBILE_DE, approved_at: '2026-03-11T07:00:00.000Z' });
  });

  it("should release a night's deferred texts at the pace the tenant's rate limit allows", async () => {
    now = new Date('2026-03-10T22:00:05Z');
    await decide(missed('paced-night', 'CA-p1', MOBILE_DE, '2026-03-10T22:00:00Z'));
    await decide(missed('paced-night', 'CA-p2', MOBILE_GB, '2026-03-10T22:01:00Z'));
    const releaser = app.get(DeferredTextReleaser);
    now = new Date('2026-03-11T07:00:00Z');
    await releaser.sweep();
    const afterOpening = await db.query(
      `select decision_id, status, release_at from compliance.deferred_text
       where tenant_id = 'paced-night' order by decision_id`,
    );
    now = new Date('2026-03-11T08:00:01Z');
    await releaser.sweep();
    const anHourLater = await db.query(
      `select status from compliance.deferred_text where tenant_id = 'paced-night' order by decision_id`,
    );

    expect(afterOpening.rows.map((row: { status: string }) => row.status)).toEqual([
      'released',
      'pending',
    ]);
    expect(new Date(afterOpening.rows[1].release_at as string).getTime()).toBeGreaterThan(
      new Date('2026-03-11T07:00:00Z').getTime(),
    );
    expect(anHourLater.rows.map((row: { status: string }) => row.status)).toEqual([
      'released',
      'released',
    ]);
  });

  it('should cancel a deferred text once the business reached the caller meanwhile', async () => {
    now = new Date('2026-03-10T21:45:05Z');
    await decide(missed('night-clinic', 'CA-n2', MOBILE_GB, '2026-03-10T21:45:00Z'));
    const answered: CallVerdict = {
      ...missed('night-clinic', 'CA-n3', MOBILE_GB, '2026-03-10T21:50:00Z'),
      verdict: 'not_missed',
      reason: 'answered',
    };
    await publish('callVerdicts', answered.verdict_id, answered);
    await waitFor(async () => {
      const result = await db.query(
        'select 1 from compliance.deferred_text where decision_id = $1 and release_at <= $2',
        ['night-clinic:CA-n2', now],
      );

      return result.rowCount ? true : undefined;
    });
    const settled = await app.get(DeferredTextReleaser).sweep();
    const cancelled = await decision('night-clinic:CA-n2:cancel');

    expect(settled).toBe(1);
    expect(cancelled).toMatchObject({
      outcome: 'cancel',
      reason: 'caller_reached',
      rule: 'defer.caller_reached',
    });
    expect(seen.smsRequests.some((item) => item.request_id === 'night-clinic:CA-n2')).toBe(false);
  });

  it("should honour an operator's opt-out, and text again once the operator removed it", async () => {
    now = new Date('2026-03-10T09:30:05Z');
    const command = (action: 'add' | 'remove') => ({
      schema_version: OPT_OUT_COMMAND_SCHEMA_VERSION,
      command_id: `cmd-${action}`,
      tenant_id: 'optout-desk',
      phone_e164: MOBILE_DE,
      action,
      operator: 'desk@praxis',
      reason: 'asked at the desk',
      requested_at: now.toISOString(),
    });
    await publish('optOutCommands', 'optout-desk', command('add'));
    await waitFor(async () => {
      const result = await db.query(
        "select 1 from compliance.opt_out where tenant_id = 'optout-desk'",
      );

      return result.rowCount ? true : undefined;
    });
    const refused = await decide(missed('optout-desk', 'CA-o1', MOBILE_DE, '2026-03-10T09:30:00Z'));
    await publish('optOutCommands', 'optout-desk', command('remove'));
    await waitFor(async () => {
      const result = await db.query(
        "select 1 from compliance.opt_out where tenant_id = 'optout-desk'",
      );

      return result.rowCount === 0 ? true : undefined;
    });
    const texted = await decide(missed('optout-desk', 'CA-o2', MOBILE_DE, '2026-03-10T09:31:00Z'));

    expect(refused).toMatchObject({ outcome: 'suppress', reason: 'opted_out' });
    expect(texted).toMatchObject({ outcome: 'send', reason: 'sent' });
  });

  it('should publish how it read a German STOP sentence, and suppress the next text', async () => {
    await publish('inboundSms', 'dry-shop', {
      schema_version: INBOUND_SMS_SCHEMA_VERSION,
      event_id: 'SM-stop-1',
      tenant_id: 'dedup-desk',
      provider: 'twilio',
      from: MOBILE_GB,
      to: '+493023125011',
      body: 'STOP bitte keine SMS mehr',
      provider_opt_out_type: null,
      received_at: '2026-03-10T09:40:00Z',
    });
    const reading = await waitFor(async () =>
      Promise.resolve(readings.find((item) => item.event_id === 'SM-stop-1')),
    );
    const next = await decide(missed('dedup-desk', 'CA-s1', MOBILE_GB, '2026-03-10T09:45:00Z'));

    expect(reading).toMatchObject({ intent: 'opt_out', action: 'opt_out_recorded' });
    expect(JSON.stringify(reading)).not.toContain('7700900123');
    expect(next).toMatchObject({ outcome: 'suppress', reason: 'opted_out' });
  });

  it('should null every clear number past the retention and keep the hashes', async () => {
    // Decisions carry the test clock's March dates; opt-outs the database's own time.
    now = new Date(Date.now() + 100 * 86_400_000);
    const changed = await app.get(RetentionSweeper).sweep();
    const numbers = await db.query(
      `select (select count(*) from compliance.decision where caller_e164 is not null or sms_request is not null)
         + (select count(*) from compliance.opt_out where caller_e164 is not null)
         + (select count(*) from compliance.deferred_text where caller_e164 is not null and status <> 'pending')
         as clear, (select count(*) from compliance.decision where caller_hash <> '') as hashed`,
    );

    expect(changed).toBeGreaterThan(0);
    expect(numbers.rows[0]).toEqual({ clear: '0', hashed: expect.not.stringMatching(/^0$/) });
  });
});
