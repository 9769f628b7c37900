import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  rmSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * Brings the whole product up on this machine: PostgreSQL (the local server
 * or a private cluster), a local Kafka broker, the local Twilio API server,
 * and the four services, each as its own process. `down` stops what `up`
 * started. Logs: .local/logs/<name>.log.
 */
export const REPO_ROOT = resolve(__dirname, '../..');
const RUN_DIR = join(REPO_ROOT, '.local/run');
const LOG_DIR = join(REPO_ROOT, '.local/logs');

export const SERVICES = [
  { name: 'ingest', port: 3000, entry: 'dist/apps/ingest/src/main.js' },
  { name: 'detector', port: 3001, entry: 'dist/apps/detector/src/main.js' },
  { name: 'compliance', port: 3002, entry: 'dist/apps/compliance/src/main.js' },
  { name: 'notifier', port: 3003, entry: 'dist/apps/notifier/src/main.js' },
] as const;

export const FAKE_TWILIO_PORT = 3999;

/** config/local.env, then the caller's environment on top. */
export function stackEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const fileEnv = Object.fromEntries(
    readFileSync(join(REPO_ROOT, 'config/local.env'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  return {
    ...fileEnv,
    TWILIO_API_BASE_URL: `http://127.0.0.1:${FAKE_TWILIO_PORT}`,
    REBOUND_TRUST_CLOCK_HEADER: 'true',
    REBOUND_TENANTS_FILE: join(REPO_ROOT, 'config/tenants.yaml'),
    ...process.env,
    ...extra,
  };
}

export async function isReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`, {
      signal: AbortSignal.timeout(2000),
    });

    return response.ok;
  } catch {
    return false;
  }
}

export async function stackUp(options: { fresh?: boolean } = {}): Promise<NodeJS.ProcessEnv> {
  mkdirSync(RUN_DIR, { recursive: true });
  mkdirSync(LOG_DIR, { recursive: true });
  const env = stackEnv();
  env.DATABASE_URL = run('scripts/postgres.sh', env).trim().split('\n').pop();
  if (options.fresh) {
    await stackDown();
    await dropLocalDatabase(env.DATABASE_URL ?? '');
  }
  if (!process.env.KAFKA_BROKERS) {
    process.stderr.write(run('scripts/kafka.sh', env, ['start']));
  }
  startProcess('fake-twilio', 'dist/tools/fake-twilio/main.js', env);
  for (const service of SERVICES) {
    if (!(await isReady(service.port))) {
      startProcess(service.name, service.entry, env);
    }
  }
  await waitUntilReady();

  return env;
}

/** Stops what `up` started and waits (up to 30 s each) until the processes are gone. */
export async function stackDown(): Promise<void> {
  for (const name of [...SERVICES.map((service) => service.name), 'fake-twilio']) {
    const pidFile = join(RUN_DIR, `${name}.pid`);
    if (!existsSync(pidFile)) {
      continue;
    }
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      process.kill(pid, 'SIGTERM');
      await waitForExit(pid);
      console.error(`stack: stopped ${name} (pid ${pid})`);
    } catch {
      console.error(`stack: ${name} was not running`);
    }
    rmSync(pidFile);
  }
}

/**
 * A fresh start forgets the local development database, and only that one:
 * a DATABASE_URL someone configured is never dropped.
 */
async function dropLocalDatabase(url: string): Promise<void> {
  const target = new URL(url);
  if (process.env.DATABASE_URL || target.pathname !== '/rebound_dev') {
    console.error('stack: --fresh keeps a configured DATABASE_URL as it is');

    return;
  }
  target.pathname = '/postgres';
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  await client.query('drop database if exists rebound_dev with (force)');
  await client.end();
  console.error('stack: local database rebound_dev reset');
}

function startProcess(name: string, entry: string, env: NodeJS.ProcessEnv): void {
  const pidFile = join(RUN_DIR, `${name}.pid`);
  if (existsSync(pidFile) && isAlive(Number(readFileSync(pidFile, 'utf8')))) {
    return;
  }
  const log = openSync(join(LOG_DIR, `${name}.log`), 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  closeSync(log);
  writeFileSync(pidFile, String(child.pid));
  console.error(`stack: started ${name} (pid ${child.pid}, log .local/logs/${name}.log)`);
}

async function waitUntilReady(timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const service of SERVICES) {
    while (!(await isReady(service.port))) {
      if (Date.now() > deadline) {
        throw new Error(
          `${service.name} did not become ready; see .local/logs/${service.name}.log`,
        );
      }
      await new Promise((resolvePause) => setTimeout(resolvePause, 500));
    }
  }
  console.error('stack: ingest, detector, compliance and notifier are ready');
}

async function waitForExit(pid: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise((resolvePause) => setTimeout(resolvePause, 200));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);

    return true;
  } catch {
    return false;
  }
}

function run(script: string, env: NodeJS.ProcessEnv, args: string[] = []): string {
  return execFileSync(join(REPO_ROOT, script), args, {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'up';
  if (command === 'down') {
    await stackDown();

    return;
  }
  await stackUp({ fresh: process.argv.includes('--fresh') });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`stack: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
