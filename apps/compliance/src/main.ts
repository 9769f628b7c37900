import './instrument';
import 'reflect-metadata';
import { bootstrapService } from '@rebound/service-kit';
import { loadComplianceConfig } from './compliance.config';
import { ComplianceModule } from './compliance.module';

async function main(): Promise<void> {
  const config = loadComplianceConfig();
  await bootstrapService(ComplianceModule.register(config), { port: config.COMPLIANCE_PORT });
}

main().catch((error: unknown) => {
  console.error(
    JSON.stringify({
      level: 'fatal',
      service: 'compliance',
      msg: 'start failed',
      error: String(error),
    }),
  );
  process.exit(1);
});
