import 'reflect-metadata';
import { COMMON_ENV, loadEnv } from '@rebound/config';
import { migrateAndExit } from '@rebound/persistence';
import { complianceDatabase } from './persistence/compliance.database';

/** `node dist/apps/compliance/src/migrate.js`: the migration Job's entry point; it needs only DATABASE_URL. */
const { DATABASE_URL } = loadEnv({ DATABASE_URL: COMMON_ENV.DATABASE_URL });
void migrateAndExit('compliance', complianceDatabase(DATABASE_URL));
