import { Client } from 'pg';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own schema: no service reads another one's tables. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
}

/**
 * Opens the service's database connection and brings its schema up to date
 * with its TypeORM migrations. `synchronize` stays off: the migrations are
 * the only way the schema changes.
 */
export async function openServiceDataSource(
  options: ServiceDataSourceOptions,
): Promise<DataSource> {
  await ensureDatabase(options.url);
  await ensureSchema(options.url, options.schema);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      // Unqualified names in migrations and queries resolve to the service's own schema.
      options: `-c search_path=${options.schema}`,
    },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();

  return dataSource;
}

/** Creates the database named in the URL when the server does not have it yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) {
    return;
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client
        .query(`create database "${name.replace(/"/g, '""')}"`)
        .catch((error: unknown) => {
          // Two services starting together may race to create it.
          const code = (error as { code?: string }).code;
          if (code !== '42P04' && code !== '23505') {
            throw error;
          }
        });
    }
  } finally {
    await client.end();
  }
}

async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${schema.replace(/"/g, '""')}"`);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') {
      throw error;
    }
  } finally {
    await client.end();
  }
}

/**
 * The entry point of a service's migration Job: brings the schema up to date
 * and exits, so a deployment can migrate before new pods start.
 */
export async function migrateAndExit(
  service: string,
  options: ServiceDataSourceOptions,
): Promise<never> {
  try {
    const dataSource = await openServiceDataSource(options);
    const applied = await dataSource.query(
      `select count(*)::int as n from "${options.schema}".migrations`,
    );
    await dataSource.destroy();
    console.log(
      JSON.stringify({
        level: 'info',
        service,
        msg: 'schema up to date',
        migrations: applied[0]?.n,
      }),
    );
    process.exit(0);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      JSON.stringify({ level: 'fatal', service, msg: 'migration failed', error: message }),
    );
    process.exit(1);
  }
}
