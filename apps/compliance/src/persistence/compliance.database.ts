import type { ServiceDataSourceOptions } from '@rebound/persistence';
import { CreateCompliance1733300000000 } from './migrations/1733300000000-create-compliance';
import { DeferralContactsReadings1733400000000 } from './migrations/1733400000000-deferral-contacts-readings';

/** The compliance's own schema, its entities and migrations: shared by the service and its migration Job. */
export function complianceDatabase(url: string): ServiceDataSourceOptions {
  return {
    url: url,
    schema: 'compliance',
    entities: [],
    migrations: [CreateCompliance1733300000000, DeferralContactsReadings1733400000000],
  };
}
