import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCallTracking1733300000000 implements MigrationInterface {
  name = 'CreateCallTracking1733300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table call_event (
        event_id text not null,
        tenant_id text not null,
        call_id text not null,
        leg_id text not null,
        payload jsonb not null,
        stored_at timestamptz not null default now(),
        primary key (tenant_id, event_id)
      )`);
    await runner.query('create index call_event_call on call_event (tenant_id, call_id)');
    await runner.query(`
      create table leg_alias (
        tenant_id text not null,
        leg_id text not null,
        call_id text not null,
        primary key (tenant_id, leg_id)
      )`);
    await runner.query(`
      create table call_state (
        tenant_id text not null,
        call_id text not null,
        status text not null,
        last_event_stored_at timestamptz not null,
        next_check_at timestamptz not null,
        verdict jsonb,
        decided_at timestamptz,
        emitted_at timestamptz,
        trace_parent text,
        primary key (tenant_id, call_id)
      )`);
    await runner.query(
      `create index call_state_due on call_state (next_check_at) where status <> 'emitted'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table call_state');
    await runner.query('drop table leg_alias');
    await runner.query('drop table call_event');
  }
}
