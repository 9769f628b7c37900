import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTextMessage1733300000000 implements MigrationInterface {
  name = 'CreateTextMessage1733300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table text_message (
        request_id text primary key,
        tenant_id text not null,
        call_id text not null,
        to_e164 text,
        body text,
        sender text not null,
        provider text not null,
        state text not null,
        delivery_status text,
        provider_message_id text,
        failure text,
        error_code text,
        encoding text not null,
        segments int not null,
        attempts int not null default 0,
        note text,
        call_ended_at timestamptz not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await runner.query(
      `create index text_message_provider_id on text_message (provider, provider_message_id)`,
    );
    await runner.query(`create index text_message_recipient on text_message (tenant_id, to_e164)`);
    await runner.query(`
      create table delivery_receipt (
        event_id text primary key,
        provider text not null,
        provider_message_id text not null,
        status text not null,
        received_at timestamptz not null default now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table delivery_receipt');
    await runner.query('drop table text_message');
  }
}
