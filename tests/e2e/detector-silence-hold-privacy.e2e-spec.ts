import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { Client } from 'pg';
import type { CallEvent, CallVerdict, PhoneParty, PrivacyConfirmation } from '@rebound/contracts';
import { IsolatedStack } from '@rebound/testing';
import { FakeTwilioServer } from '../../tools/fake-twilio/fake-twilio.server';
import { TopicTap, waitFor, waitReady } from './detector-kit';

jest.setTimeout(180_000);

const ACCOUNT = 'AC493079973f13e4d5608184b2181e4980';
const PRAXIS = '+493023125001';
const HOLD_LINE = '+493023125077';
const DESK = '+496990009010';

function party(e164: string): PhoneParty {
  return { raw: e164, e164, withheld: false, kind: 'pstn' };
}

const sid = () => `CA${randomBytes(16).toString('hex')}`;

function event(
  fields: Pick<CallEvent, 'tenant_id' | 'call_id' | 'leg_id' | 'status'> & Partial<CallEvent>,
): CallEvent {
  const now = new Date().toISOString();

  return {
    schema_version: 1,
    event_id: `${fields.leg_id}:${fields.status}`,
    carrier: 'twilio',
    leg_role: fields.call_id === fields.leg_id ? 'caller' : 'business',
    direction: 'inbound',
    caller: party('+4915228817386'),
    called: party(fields.tenant_id === 'hold-test' ? HOLD_LINE : PRAXIS),
    occurred_at: now,
    received_at: now,
    attributes: { AccountSid: ACCOUNT },
    ...fields,
  };
}

/** A call nobody answered: the caller's leg rang, the desk leg rang out, the caller hung up. */
function unansweredCall(tenant: string, caller: string): CallEvent[] {
  const callId = sid();
  const leg = sid();
  const common = { tenant_id: tenant, call_id: callId, caller: party(caller) };

  return [
    event({ ...common, leg_id: callId, status: 'ringing' }),
    event({ ...common, leg_id: leg, status: 'no_answer', leg_target: party(DESK) }),
    event({ ...common, leg_id: callId, status: 'completed', duration_s: 25 }),
  ];
}

function tenantsFile(): string {
  const file = load(readFileSync(join(__dirname, '../../config/tenants.yaml'), 'utf8')) as {
    tenants: Array<Record<string, unknown>>;
  };
  file.tenants.push({
    ...file.tenants[0],
    id: 'hold-test',
    name: 'Hold Test',
    numbers: [HOLD_LINE],
    callback_hold_seconds: 4,
    retention_days: 1,
  });
  const path = join(mkdtempSync(join(tmpdir(), 'detector-e2e-')), 'tenants.yaml');
  writeFileSync(path, dump(file));

  return path;
}

describe('the detector on silent calls, callback holds and privacy requests', () => {
  const twilio = new FakeTwilioServer(ACCOUNT, 'fixture_twilio_auth_token_not_real_00');
  let stack: IsolatedStack;
  let tap: TopicTap;
  let db: Client;

  const verdictOf = (callId: string) =>
    tap.values<CallVerdict>('callVerdicts').filter((verdict) => verdict.call_id === callId);
  const missedOf = (callId: string) =>
    tap.values<CallVerdict>('missedCalls').filter((verdict) => verdict.call_id === callId);
  const send = (events: CallEvent[]) =>
    tap.publish(
      'callEvents',
      events.map((value) => ({ key: `${value.tenant_id}:${value.call_id}`, value })),
    );

  beforeAll(async () => {
    const port = await twilio.listen(0);
    stack = new IsolatedStack({
      basePort: 3334,
      twilioApiBaseUrl: `http://127.0.0.1:${port}`,
      extraEnv: {
        REBOUND_TENANTS_FILE: tenantsFile(),
        DETECTOR_SILENCE_SECONDS: '2',
        DETECTOR_SWEEP_INTERVAL_MS: '100',
        DETECTOR_RETENTION_INTERVAL_SECONDS: '1',
      },
    });
    stack.startService('detector');
    if (!(await waitReady(3335))) {
      throw new Error(`detector not ready:\n${stack.dump()}`);
    }
    tap = new TopicTap(stack.topicPrefix);
    await tap.start(['callVerdicts', 'missedCalls', 'privacyConfirmations']);
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await tap?.stop();
    await stack?.stop();
    await twilio.close();
  });

  it('should ask Twilio about a silent call and judge it on the answer', async () => {
    const callId = sid();
    const desk = sid();
    twilio.calls.set(callId, {
      status: 'completed',
      direction: 'inbound',
      from: '+4915228817386',
      to: PRAXIS,
      duration: '21',
    });
    twilio.calls.set(desk, {
      status: 'no-answer',
      direction: 'outbound-dial',
      parentCallSid: callId,
      from: '+4915228817386',
      to: DESK,
      duration: '0',
    });

    await send([
      event({ tenant_id: 'praxis-mueller', call_id: callId, leg_id: callId, status: 'ringing' }),
    ]);
    await waitFor(() => verdictOf(callId).length > 0, 30_000);

    expect(verdictOf(callId).map(({ verdict, reason }) => ({ verdict, reason }))).toEqual([
      { verdict: 'missed', reason: 'no_answer' },
    ]);
    expect(twilio.callLookups).toEqual(
      expect.arrayContaining([`fetch:${callId}`, `list:${callId}`]),
    );
    const stored = await db.query(
      `select event_id from detector.call_event where call_id = $1 and event_id like 'twilio-api:%' order by event_id`,
      [callId],
    );
    expect(stored.rows.map((row: { event_id: string }) => row.event_id)).toEqual(
      [`twilio-api:${callId}:completed`, `twilio-api:${desk}:no-answer`].sort(),
    );
  });

  it('should publish a silent call Twilio does not know as undecided, and text nobody', async () => {
    const callId = sid();

    await send([
      event({ tenant_id: 'praxis-mueller', call_id: callId, leg_id: callId, status: 'ringing' }),
    ]);
    await waitFor(() => verdictOf(callId).length > 0, 30_000);

    expect(verdictOf(callId).map(({ verdict, reason }) => ({ verdict, reason }))).toEqual([
      { verdict: 'undecided', reason: 'no_final_event' },
    ]);
    expect(missedOf(callId)).toEqual([]);
  });

  it('should not ask any API about a silent call of a carrier without one', async () => {
    const callId = `sipgate-${randomUUID()}`;
    const lookupsBefore = twilio.callLookups.length;

    await send([
      event({
        tenant_id: 'praxis-mueller',
        carrier: 'sipgate',
        call_id: callId,
        leg_id: callId,
        status: 'ringing',
        attributes: {},
      }),
    ]);
    await waitFor(() => verdictOf(callId).length > 0, 30_000);

    expect(verdictOf(callId).map(({ verdict, reason }) => ({ verdict, reason }))).toEqual([
      { verdict: 'undecided', reason: 'no_final_event' },
    ]);
    expect(twilio.callLookups.length).toBe(lookupsBefore);
  });

  it('should cancel a held miss when the business calls back, and record why', async () => {
    const missed = unansweredCall('hold-test', '+4915228817386');
    const callback = sid();

    await send(missed);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await send([
      event({
        tenant_id: 'hold-test',
        call_id: callback,
        leg_id: callback,
        status: 'ringing',
        direction: 'outbound',
        caller: party('+4915228817386'),
        called: party(HOLD_LINE),
      }),
    ]);
    await waitFor(() => verdictOf(missed[0].call_id).length > 0, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(verdictOf(missed[0].call_id).map((verdict) => verdict.hold)).toEqual([
      expect.objectContaining({
        outcome: 'cancelled',
        cancel_reason: 'business_called_back',
        cancelled_by_call_id: callback,
      }),
    ]);
    expect(missedOf(missed[0].call_id)).toEqual([]);
    const hold = await db.query(
      'select outcome, cancel_reason from detector.verdict_hold where call_id = $1',
      [missed[0].call_id],
    );
    expect(hold.rows).toEqual([{ outcome: 'cancelled', cancel_reason: 'business_called_back' }]);
  });

  it('should cancel a held miss when the caller calls again and a person answers', async () => {
    const missed = unansweredCall('hold-test', '+447700900123');
    const again = sid();
    const desk = sid();
    const common = { tenant_id: 'hold-test', call_id: again, caller: party('+447700900123') };

    await send(missed);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await send([
      event({ ...common, leg_id: again, status: 'ringing' }),
      event({ ...common, leg_id: desk, status: 'answered', answered_by: 'human' }),
    ]);
    await waitFor(() => verdictOf(missed[0].call_id).length > 0, 30_000);

    expect(verdictOf(missed[0].call_id).map((verdict) => verdict.hold)).toEqual([
      expect.objectContaining({ outcome: 'cancelled', cancel_reason: 'caller_reached' }),
    ]);
    expect(missedOf(missed[0].call_id)).toEqual([]);
  });

  it('should release a held miss to missed-calls when no callback came', async () => {
    const missed = unansweredCall('hold-test', '+494066969012');

    await send(missed);
    await waitFor(() => missedOf(missed[0].call_id).length > 0, 30_000);

    expect(
      missedOf(missed[0].call_id).map(({ verdict, reason, hold }) => ({
        verdict,
        reason,
        hold: hold?.outcome,
      })),
    ).toEqual([{ verdict: 'missed', reason: 'no_answer', hold: 'released' }]);
  });

  it('should export and then erase what it holds on a caller, and confirm both', async () => {
    const call = unansweredCall('praxis-mueller', '+494066969013');
    const other = unansweredCall('praxis-mueller', '+494066969014');
    await send([...call, ...other]);
    await waitFor(
      () => verdictOf(call[0].call_id).length > 0 && verdictOf(other[0].call_id).length > 0,
      30_000,
    );
    const request = (kind: 'export' | 'erase') => ({
      schema_version: 1,
      request_id: randomUUID(),
      tenant_id: 'praxis-mueller',
      kind,
      phone_e164: '+494066969013',
      requested_at: new Date().toISOString(),
    });
    const confirmation = async (kind: 'export' | 'erase') => {
      const sent = request(kind);
      await tap.publish('privacyRequests', [{ key: sent.request_id, value: sent }]);
      await waitFor(
        () =>
          tap
            .values<PrivacyConfirmation>('privacyConfirmations')
            .some((item) => item.request_id === sent.request_id),
        30_000,
      );

      return tap
        .values<PrivacyConfirmation>('privacyConfirmations')
        .find((item) => item.request_id === sent.request_id);
    };

    const exported = await confirmation('export');
    const erased = await confirmation('erase');

    expect(exported).toMatchObject({ service: 'detector', kind: 'export', rows_affected: 5 });
    expect(exported?.records?.map((record) => record.table).sort()).toEqual([
      'call_event',
      'call_event',
      'call_event',
      'call_state',
      'leg_alias',
    ]);
    expect(erased).toMatchObject({ service: 'detector', kind: 'erase', rows_affected: 5 });
    const left = await db.query(
      `select payload->'caller'->>'e164' as caller, count(*)::int as n from detector.call_event
       where call_id = any($1) group by 1`,
      [[call[0].call_id, other[0].call_id]],
    );
    expect(left.rows).toEqual([{ caller: '+494066969014', n: 3 }]);
    const tombstone = await db.query(
      'select status, verdict from detector.call_state where call_id = $1',
      [call[0].call_id],
    );
    expect(tombstone.rows).toEqual([{ status: 'emitted', verdict: null }]);
  });

  it("should delete events older than the tenant's retention", async () => {
    const old = unansweredCall('hold-test', '+494066969015');
    await send(old);
    await waitFor(() => verdictOf(old[0].call_id).length > 0, 30_000);

    await db.query(
      `update detector.call_event set stored_at = now() - interval '2 days' where call_id = $1`,
      [old[0].call_id],
    );
    await db.query(
      `update detector.call_state set last_event_stored_at = now() - interval '2 days' where call_id = $1`,
      [old[0].call_id],
    );
    let remaining = -1;
    for (let attempt = 0; attempt < 30 && remaining !== 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const rows = await db.query(
        `select (select count(*) from detector.call_event where call_id = $1)
              + (select count(*) from detector.call_state where call_id = $1) as n`,
        [old[0].call_id],
      );
      remaining = Number(rows.rows[0].n);
    }

    expect(remaining).toBe(0);
  });
});
