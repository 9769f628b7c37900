import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Receipts that arrive before their text is known are kept until it is;
 * the text remembers which provider was asked first and when its number
 * was erased.
 */
export class ReceiptsFailoverRetention1733400000000 implements MigrationInterface {
  name = 'ReceiptsFailoverRetention1733400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      alter table text_message
        add column requested_provider text,
        add column delivery_updated_at timestamptz,
        add column erased_at timestamptz`);
    await runner.query(`update text_message set requested_provider = provider`);
    await runner.query(`create index text_message_created on text_message (tenant_id, created_at)`);
    await runner.query(`
      alter table delivery_receipt
        add column tenant_id text,
        add column request_id text,
        add column failure text,
        add column error_code text,
        add column segments int,
        add column occurred_at timestamptz,
        add column applied boolean not null default false`);
    await runner.query(
      `create index delivery_receipt_pending on delivery_receipt (provider, provider_message_id)
         where not applied`,
    );
    await runner.query(
      `create index delivery_receipt_request on delivery_receipt (request_id) where not applied`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('drop index delivery_receipt_request');
    await runner.query('drop index delivery_receipt_pending');
    await runner.query(`
      alter table delivery_receipt
        drop column tenant_id, drop column request_id, drop column failure,
        drop column error_code, drop column segments, drop column occurred_at,
        drop column applied`);
    await runner.query('drop index text_message_created');
    await runner.query(`
      alter table text_message
        drop column requested_provider, drop column delivery_updated_at, drop column erased_at`);
  }
}
