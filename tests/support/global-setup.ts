import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Integration and e2e tests run against a real Kafka broker and a real
 * PostgreSQL: this starts the project's local broker (or reuses a running
 * one), makes sure PostgreSQL answers, and builds the services the e2e
 * tests start as separate processes.
 */
export default function globalSetup(): void {
  const root = join(__dirname, '../..');
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
  if (!process.env.KAFKA_BROKERS) {
    run(join(root, 'scripts/kafka.sh'), ['start']);
  }
  process.env.DATABASE_URL ??= run(join(root, 'scripts/postgres.sh'), []).trim().split('\n').pop();
  run('npm', ['run', 'build', '--silent']);
}
