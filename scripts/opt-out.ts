import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import {
  OPT_OUT_COMMAND_SCHEMA_VERSION,
  OptOutCommandSchema,
  type OptOutCommand,
} from '@rebound/contracts';
import { TenantDirectory } from '@rebound/config';
import { KafkaBus, kafkaSettingsFromEnv } from '@rebound/kafka';
import { createLogger } from '@rebound/telemetry';

const USAGE = `usage: node dist/scripts/opt-out.js add|remove <tenant-id> <+E164> [reason]
  Publishes an operator opt-out command; the compliance service applies it.
  Environment: KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, REBOUND_TENANTS_FILE (default
  config/tenants.yaml; the tenant must be in it), REBOUND_OPERATOR (default: the login name).`;

/** Builds the command from the arguments, or explains what is wrong. */
export function parseOptOutArgs(
  args: string[],
  operator: string,
  now: Date,
): OptOutCommand | string {
  const [action, tenantId, phone, ...reason] = args;
  const parsed = OptOutCommandSchema.safeParse({
    schema_version: OPT_OUT_COMMAND_SCHEMA_VERSION,
    command_id: randomUUID(),
    tenant_id: tenantId,
    phone_e164: phone,
    action,
    operator,
    reason: reason.join(' '),
    requested_at: now.toISOString(),
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');

    return `invalid ${fields}\n${USAGE}`;
  }

  return parsed.data;
}

async function main(args: string[]): Promise<void> {
  const operator = process.env.REBOUND_OPERATOR ?? userInfo().username;
  const command = parseOptOutArgs(args, operator, new Date());
  if (typeof command === 'string') {
    console.error(command);
    process.exit(2);
  }
  // A typo in the tenant id would store an opt-out nobody ever reads.
  const tenants = TenantDirectory.fromFile(
    process.env.REBOUND_TENANTS_FILE ?? 'config/tenants.yaml',
  );
  if (!tenants.get(command.tenant_id)) {
    console.error(`opt-out: no tenant ${command.tenant_id} in the tenants file\n${USAGE}`);
    process.exit(2);
  }
  const bus = new KafkaBus(
    kafkaSettingsFromEnv('rebound-opt-out-cli'),
    createLogger('opt-out', 'warn'),
  );
  try {
    await bus.publish('optOutCommands', {
      key: command.tenant_id,
      value: command,
      eventType: 'opt-out-command',
      schemaVersion: OPT_OUT_COMMAND_SCHEMA_VERSION,
    });
  } finally {
    await bus.disconnect();
  }
  console.log(
    JSON.stringify({
      command_id: command.command_id,
      action: command.action,
      tenant_id: command.tenant_id,
    }),
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`opt-out: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
