import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

/** The repository root, whether this runs from the sources (jest) or from dist/. */
function repoRoot(start: string): string {
  let folder = start;
  while (!existsSync(join(folder, 'nx.json')) && dirname(folder) !== folder) {
    folder = dirname(folder);
  }

  return folder;
}

const ROOT = repoRoot(__dirname);

export interface IsolatedStackOptions {
  /** First of four consecutive ports for ingest, detector, compliance, notifier. */
  basePort: number;
  twilioApiBaseUrl: string;
  extraEnv?: NodeJS.ProcessEnv;
}

/**
 * The four services as separate processes from `dist/`, with their own topic
 * prefix and database so that tests never see each other's data.
 */
export class IsolatedStack {
  readonly topicPrefix = `t${randomBytes(4).toString('hex')}.`;
  readonly databaseName = `rebound_test_${randomBytes(4).toString('hex')}`;
  readonly processes = new Map<string, ChildProcess>();
  readonly output = new Map<string, string[]>();
  readonly databaseUrl: string;

  constructor(private readonly options: IsolatedStackOptions) {
    const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rebound');
    base.pathname = `/${this.databaseName}`;
    this.databaseUrl = base.toString();
  }

  get ingestUrl(): string {
    return `http://127.0.0.1:${this.options.basePort}`;
  }

  env(): NodeJS.ProcessEnv {
    const port = this.options.basePort;

    return {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      REBOUND_TENANTS_FILE: join(ROOT, 'config/tenants.yaml'),
      PUBLIC_BASE_URL: 'https://mctb.example.com',
      TWILIO_AUTH_TOKEN: 'fixture_twilio_auth_token_not_real_00',
      TWILIO_ACCOUNT_SID: 'AC493079973f13e4d5608184b2181e4980',
      TWILIO_API_BASE_URL: this.options.twilioApiBaseUrl,
      REBOUND_PSEUDONYM_KEY: 'test-pseudonym-key-not-secret',
      REBOUND_TRUST_CLOCK_HEADER: 'true',
      INGEST_PORT: String(port),
      DETECTOR_PORT: String(port + 1),
      COMPLIANCE_PORT: String(port + 2),
      NOTIFIER_PORT: String(port + 3),
      DETECTOR_SETTLE_SECONDS: '0.5',
      ...this.options.extraEnv,
    };
  }

  async start(): Promise<void> {
    for (const name of ['ingest', 'detector', 'compliance', 'notifier']) {
      this.startService(name);
    }
    await this.waitUntilReady();
  }

  startService(name: string): void {
    const child = spawn(process.execPath, [join(ROOT, `dist/apps/${name}/src/main.js`)], {
      cwd: ROOT,
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = this.output.get(name) ?? [];
    this.output.set(name, lines);
    child.stdout?.on('data', (chunk: Buffer) =>
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)),
    );
    child.stderr?.on('data', (chunk: Buffer) =>
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)),
    );
    this.processes.set(name, child);
  }

  async stopService(name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.processes.get(name);
    if (!child || child.exitCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.keys()].map((name) => this.stopService(name)));
    const admin = new URL(this.databaseUrl);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`drop database if exists "${this.databaseName}" with (force)`);
    await client.end();
  }

  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let offset = 0; offset < 4; offset += 1) {
      const url = `http://127.0.0.1:${this.options.basePort + offset}/health/ready`;
      while (
        !(await fetch(url)
          .then((response) => response.ok)
          .catch(() => false))
      ) {
        if (Date.now() > deadline) {
          throw new Error(
            `service on port ${this.options.basePort + offset} not ready:\n${this.dump()}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  }

  dump(): string {
    return [...this.output]
      .map(([name, lines]) => `--- ${name}\n${lines.slice(-15).join('\n')}`)
      .join('\n');
  }
}
