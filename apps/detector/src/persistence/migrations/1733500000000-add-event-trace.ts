import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each stored event keeps the trace it arrived in, so the verdict can link to every one. */
export class AddEventTrace1733500000000 implements MigrationInterface {
  name = 'AddEventTrace1733500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('alter table call_event add column trace_parent text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('alter table call_event drop column trace_parent');
  }
}
