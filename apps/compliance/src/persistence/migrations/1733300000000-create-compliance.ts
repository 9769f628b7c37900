import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCompliance1733300000000 implements MigrationInterface {
  name = 'CreateCompliance1733300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table decision (
        decision_id text primary key,
        tenant_id text not null,
        call_id text not null,
        caller_hash text not null,
        caller_e164 text,
        outcome text not null,
        reason text not null,
        rule text not null,
        variant text,
        legal_basis text not null,
        dry_run boolean not null,
        sms_request jsonb,
        payload jsonb not null,
        decided_at timestamptz not null,
        call_at timestamptz not null,
        published_at timestamptz
      )`);
    await runner.query(
      "create index decision_dedup on decision (tenant_id, caller_hash, call_at) where outcome = 'send'",
    );
    await runner.query(`
      create table opt_out (
        tenant_id text not null,
        caller_hash text not null,
        caller_e164 text,
        source text not null,
        created_at timestamptz not null default now(),
        primary key (tenant_id, caller_hash)
      )`);
    await runner.query(`
      create table known_landline (
        tenant_id text not null,
        caller_hash text not null,
        caller_e164 text,
        learned_from text not null,
        created_at timestamptz not null default now(),
        primary key (tenant_id, caller_hash)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table known_landline');
    await runner.query('drop table opt_out');
    await runner.query('drop table decision');
  }
}
