import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The callback-aware hold's record, the count of carrier API lookups per
 * call, and the indexes erasure (by caller) and retention (by age) use.
 */
export class AddHoldsLookupsRetention1733400000000 implements MigrationInterface {
  name = 'AddHoldsLookupsRetention1733400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table verdict_hold (
        tenant_id text not null,
        call_id text not null,
        caller_e164 text,
        hold_seconds integer not null,
        window_from timestamptz not null,
        held_until timestamptz not null,
        outcome text not null default 'held',
        cancel_reason text,
        cancelled_by_call_id text,
        resolved_at timestamptz,
        primary key (tenant_id, call_id)
      )`);
    await runner.query('create index verdict_hold_caller on verdict_hold (tenant_id, caller_e164)');
    await runner.query(
      'alter table call_state add column carrier_lookups integer not null default 0',
    );
    await runner.query(
      `create index call_event_caller on call_event (tenant_id, (payload->'caller'->>'e164'))`,
    );
    await runner.query('create index call_event_stored on call_event (tenant_id, stored_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop index call_event_stored');
    await runner.query('drop index call_event_caller');
    await runner.query('alter table call_state drop column carrier_lookups');
    await runner.query('drop table verdict_hold');
  }
}
