import type { ServiceDataSourceOptions } from '@rebound/persistence';
import { CreateIntegratorEvent1733400000000 } from '../integrator/migrations/1733400000000-create-integrator-event';

/** Ingest's own schema (integrator idempotency keys): shared by the service and its migration Job. */
export function ingestDatabase(url: string): ServiceDataSourceOptions {
  return {
    url,
    schema: 'ingest',
    entities: [],
    migrations: [CreateIntegratorEvent1733400000000],
  };
}
