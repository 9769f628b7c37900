import 'reflect-metadata';
import { COMMON_ENV, loadEnv } from '@rebound/config';
import { migrateAndExit } from '@rebound/persistence';
import { ingestDatabase } from './persistence/ingest.database';

/** `node dist/apps/ingest/src/migrate.js`: the migration Job's entry point; it needs only DATABASE_URL. */
const { DATABASE_URL } = loadEnv({ DATABASE_URL: COMMON_ENV.DATABASE_URL });
void migrateAndExit('ingest', ingestDatabase(DATABASE_URL));
