import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@rebound/service-kit';

export interface CallerContact {
  contactId: string;
  tenantId: string;
  callerHash: string;
  kind: 'answered' | 'outbound' | 'inbound_text';
  at: Date;
}

/**
 * Moments the business and a caller were in touch after all: a call that
 * was answered, a call the business made to the caller, a text from the
 * caller. A text deferred to the opening is cancelled when one of these
 * happened after the missed call; pending ones are made due at once so the
 * releaser cancels them now instead of at the opening.
 */
@Injectable()
export class CallerContacts {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async record(contact: CallerContact): Promise<void> {
    await this.db.query(
      `insert into caller_contact (contact_id, tenant_id, caller_hash, kind, contact_at)
       values ($1, $2, $3, $4, $5) on conflict do nothing`,
      [contact.contactId, contact.tenantId, contact.callerHash, contact.kind, contact.at],
    );
    await this.db.query(
      `update deferred_text set release_at = least(release_at, $4)
       where tenant_id = $1 and caller_hash = $2 and status = 'pending' and call_at < $3`,
      [contact.tenantId, contact.callerHash, contact.at, this.clock.now()],
    );
  }
}
