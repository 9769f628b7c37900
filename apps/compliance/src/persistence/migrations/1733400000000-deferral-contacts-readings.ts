import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deferred texts (quiet hours with action `defer`), the moments a caller was
 * reached (which cancel a deferred text), the reading of each inbound text,
 * and the indexes the rate limits and the retention sweep need.
 */
export class DeferralContactsReadings1733400000000 implements MigrationInterface {
  name = 'DeferralContactsReadings1733400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table deferred_text (
        decision_id text primary key,
        tenant_id text not null,
        caller_hash text not null,
        caller_e164 text,
        call_at timestamptz not null,
        release_at timestamptz not null,
        sms_request jsonb,
        trace_parent text,
        status text not null default 'pending',
        settled_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    await runner.query(
      "create index deferred_text_due on deferred_text (release_at) where status = 'pending'",
    );
    await runner.query(
      'create index deferred_text_caller on deferred_text (tenant_id, caller_hash)',
    );
    await runner.query(`
      create table caller_contact (
        contact_id text primary key,
        tenant_id text not null,
        caller_hash text not null,
        kind text not null,
        contact_at timestamptz not null,
        created_at timestamptz not null default now()
      )`);
    await runner.query(
      'create index caller_contact_caller on caller_contact (tenant_id, caller_hash, contact_at)',
    );
    await runner.query(`
      create table inbound_reading (
        event_id text primary key,
        tenant_id text not null,
        caller_hash text not null,
        intent text not null,
        source text not null,
        matched text,
        action text not null,
        payload jsonb not null,
        read_at timestamptz not null,
        published_at timestamptz
      )`);
    await runner.query(
      "create index decision_sends on decision (tenant_id, decided_at) where outcome = 'send'",
    );
    await runner.query('create index decision_age on decision (tenant_id, decided_at)');
    await runner.query(`alter table opt_out add column operator text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('alter table opt_out drop column operator');
    await runner.query('drop index decision_age');
    await runner.query('drop index decision_sends');
    await runner.query('drop table inbound_reading');
    await runner.query('drop table caller_contact');
    await runner.query('drop table deferred_text');
  }
}
