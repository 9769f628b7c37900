import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openServiceDataSource, type ServiceDataSourceOptions } from '@rebound/persistence';
import { HealthRegistry } from './health.registry';

/** The service's DataSource, migrated at start, with a readiness check. */
export function databaseProvider(options: ServiceDataSourceOptions): Provider {
  return {
    provide: DataSource,
    inject: [HealthRegistry],
    useFactory: async (health: HealthRegistry) => {
      const dataSource = await openServiceDataSource(options);
      health.register('postgres', async () => {
        await dataSource.query('select 1');
      });

      return dataSource;
    },
  };
}
