import type { ServiceDataSourceOptions } from '@rebound/persistence';
import { AddEventTrace1733500000000 } from './migrations/1733500000000-add-event-trace';
import { CreateCallTracking1733300000000 } from './migrations/1733300000000-create-call-tracking';
import { AddHoldsLookupsRetention1733400000000 } from './migrations/1733400000000-add-holds-lookups-retention';

/** The detector's own schema, its entities and migrations: shared by the service and its migration Job. */
export function detectorDatabase(url: string): ServiceDataSourceOptions {
  return {
    url: url,
    schema: 'detector',
    entities: [],
    migrations: [
      CreateCallTracking1733300000000,
      AddHoldsLookupsRetention1733400000000,
      AddEventTrace1733500000000,
    ],
  };
}
