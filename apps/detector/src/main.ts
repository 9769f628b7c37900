import './instrument';
import 'reflect-metadata';
import { bootstrapService } from '@rebound/service-kit';
import { loadDetectorConfig } from './detector.config';
import { DetectorModule } from './detector.module';

async function main(): Promise<void> {
  const config = loadDetectorConfig();
  await bootstrapService(DetectorModule.register(config), { port: config.DETECTOR_PORT });
}

main().catch((error: unknown) => {
  console.error(
    JSON.stringify({
      level: 'fatal',
      service: 'detector',
      msg: 'start failed',
      error: String(error),
    }),
  );
  process.exit(1);
});
