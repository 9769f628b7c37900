import './instrument';
import 'reflect-metadata';
import { bootstrapService } from '@rebound/service-kit';
import { loadNotifierConfig } from './notifier.config';
import { NotifierModule } from './notifier.module';

async function main(): Promise<void> {
  const config = loadNotifierConfig();
  await bootstrapService(NotifierModule.register(config), { port: config.NOTIFIER_PORT });
}

main().catch((error: unknown) => {
  console.error(
    JSON.stringify({
      level: 'fatal',
      service: 'notifier',
      msg: 'start failed',
      error: String(error),
    }),
  );
  process.exit(1);
});
