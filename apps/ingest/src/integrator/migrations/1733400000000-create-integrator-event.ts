import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIntegratorEvent1733400000000 implements MigrationInterface {
  name = 'CreateIntegratorEvent1733400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table integrator_event (
        tenant_id text not null,
        client_event_id text not null,
        call_id text not null,
        accepted_at timestamptz not null default now(),
        primary key (tenant_id, client_event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop table integrator_event');
  }
}
