import './instrument';
import 'reflect-metadata';
import { bootstrapService } from '@rebound/service-kit';
import { loadIngestConfig } from './ingest.config';
import { IngestModule } from './ingest.module';

/** `false`/`true`, a hop count, or an address list, as Express reads them. */
function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }

  return /^\d+$/.test(value) ? Number(value) : value;
}

async function main(): Promise<void> {
  const config = loadIngestConfig();
  await bootstrapService(IngestModule.register(config), {
    port: config.INGEST_PORT,
    host: config.INGEST_HOST,
    bodyParser: false,
    configure: (app) => app.set('trust proxy', trustProxySetting(config.INGEST_TRUST_PROXY)),
  });
}

main().catch((error: unknown) => {
  console.error(
    JSON.stringify({
      level: 'fatal',
      service: 'ingest',
      msg: 'start failed',
      error: String(error),
    }),
  );
  process.exit(1);
});
