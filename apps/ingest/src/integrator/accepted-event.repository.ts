import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The integrator event ids ingest has published, per tenant: a repeat is not published again. */
@Injectable()
export class AcceptedEventRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Which of these client ids this tenant already had accepted. */
  async known(tenantId: string, clientIds: string[]): Promise<Set<string>> {
    const rows = (await this.db.query(
      'select client_event_id from integrator_event where tenant_id = $1 and client_event_id = any($2)',
      [tenantId, clientIds],
    )) as Array<{ client_event_id: string }>;

    return new Set(rows.map((row) => row.client_event_id));
  }

  async remember(tenantId: string, events: Array<{ event_id: string; call_id: string }>) {
    if (events.length === 0) {
      return;
    }
    await this.db.query(
      `insert into integrator_event (tenant_id, client_event_id, call_id)
       select $1, unnest($2::text[]), unnest($3::text[]) on conflict do nothing`,
      [tenantId, events.map((event) => event.event_id), events.map((event) => event.call_id)],
    );
  }
}
