import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface FixtureRequest {
  method: string;
  url: string;
  content_type: string;
  headers: Record<string, string>;
  body: unknown;
  raw_body?: string;
  received_url?: string;
}

export interface FixtureExpectation {
  kind: 'voice' | 'sms_status' | 'sms_inbound';
  verdict?: 'missed' | 'not_missed' | 'undecided' | 'refused';
  reason?: string;
  sms?: 'sent' | 'suppressed';
  sms_to?: string;
  suppressed_because?: string;
  outcome?: string;
}

export interface Fixture {
  file: string;
  carrier: string;
  scenario: string;
  kind: FixtureExpectation['kind'];
  fixture_clock: string;
  requests: FixtureRequest[];
  expected: FixtureExpectation;
  notes?: string;
}

/** The project's copy of the shared carrier corpus, plus the project's own cases. */
export const FIXTURE_DIRS = [
  join(__dirname, '../../../test-data/fixtures'),
  join(__dirname, '../../../test-data/fixtures-own'),
];

export function loadFixture(file: string): Fixture {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Omit<Fixture, 'file'>;

  return { ...data, file };
}

/** Every fixture file under the given files or folders, sorted. */
export function listFixtureFiles(paths: string[] = FIXTURE_DIRS): string[] {
  return paths.flatMap((path) => {
    if (!statSync(path, { throwIfNoEntry: false })) {
      return [];
    }
    if (statSync(path).isFile()) {
      return [path];
    }

    return readdirSync(path, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.json') && !name.endsWith('keys.json'))
      .map((name) => join(path, name))
      .sort();
  });
}

/** The exact bytes the carrier sent: `raw_body` when signed bytes matter, else the body. */
export function fixtureBodyBytes(request: FixtureRequest): Buffer {
  if (request.raw_body !== undefined) {
    return Buffer.from(request.raw_body, 'utf8');
  }
  if (typeof request.body === 'string') {
    return Buffer.from(request.body, 'utf8');
  }

  return Buffer.from(request.body === undefined ? '' : JSON.stringify(request.body), 'utf8');
}
