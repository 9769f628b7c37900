import type { ServiceDataSourceOptions } from '@rebound/persistence';
import { CreateTextMessage1733300000000 } from './migrations/1733300000000-create-text-message';
import { ReceiptsFailoverRetention1733400000000 } from './migrations/1733400000000-receipts-failover-retention';
import { TextMessageEntity } from './text-message.entity';

/** The notifier's own schema, its entities and migrations: shared by the service and its migration Job. */
export function notifierDatabase(url: string): ServiceDataSourceOptions {
  return {
    url: url,
    schema: 'notifier',
    entities: [TextMessageEntity],
    migrations: [CreateTextMessage1733300000000, ReceiptsFailoverRetention1733400000000],
  };
}
