import './instrument';
import 'reflect-metadata';
import { bootstrapService } from '@rebound/service-kit';
import { loadIngestConfig } from './ingest.config';
import { IngestModule } from './ingest.module';

async function main(): Promise<void> {
  const config = loadIngestConfig();
  await bootstrapService(IngestModule.register(config), {
    port: config.INGEST_PORT,
    host: config.INGEST_HOST,
    bodyParser: false,
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
