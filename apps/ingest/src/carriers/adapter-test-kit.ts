import { TenantDirectory } from '@rebound/config';
import { listFixtureFiles, loadFixture, type Fixture } from '@rebound/testing';
import { join } from 'node:path';
import {
  WebhookRejection,
  type CarrierAdapter,
  type InboundWebhook,
  type ResolvedCarrierAccount,
} from './carrier-adapter';
import { fixtureRequestToInbound, loadLocalEnv, replayTime } from './fixture-events';
import { resolveCarrierAccounts } from './secret.resolver';

/** Test helpers shared by the adapter specs: fixtures, the fixture accounts, tampering. */
export const TEST_ENV = loadLocalEnv();

export const INTERNAL_BASE = 'http://10.0.0.7:3000';

export function fixtureOf(carrier: string, scenario: string): Fixture {
  const file = listFixtureFiles().find((path) => path.endsWith(join(carrier, `${scenario}.json`)));
  if (!file) {
    throw new Error(`no fixture ${carrier}/${scenario}`);
  }

  return loadFixture(file);
}

export function fixturesOf(carrier: string): Fixture[] {
  return listFixtureFiles()
    .map(loadFixture)
    .filter((fixture) => fixture.carrier === carrier);
}

export function accountsFor(carrier: string): ResolvedCarrierAccount[] {
  const directory = TenantDirectory.fromFile(join(__dirname, '../../../../config/tenants.yaml'));

  return resolveCarrierAccounts(directory, TEST_ENV)(carrier);
}

/** Request `index` of a fixture as the intake sees it, received at the replay time. */
export function requestOf(
  fixture: Fixture,
  index: number,
  receivedAt = replayTime(fixture, index),
): InboundWebhook {
  return fixtureRequestToInbound(fixture, fixture.requests[index], receivedAt, TEST_ENV);
}

/** The same request with one byte of the body changed (a digit or letter, so it stays parseable). */
export function withTamperedBody(request: InboundWebhook): InboundWebhook {
  const body = Buffer.from(request.rawBody);
  const text = body.toString('latin1');
  const at = text.search(/[0-9]/);
  body[at] = body[at] === 0x39 ? 0x38 : body[at] + 1;

  return { ...request, rawBody: body };
}

/** The same GET with one byte of its query changed. */
export function withTamperedQuery(request: InboundWebhook): InboundWebhook {
  const url = request.publicUrl.replace(/(\d)(?!.*\d)/, (digit) =>
    String((Number(digit) + 1) % 10),
  );

  return { ...request, publicUrl: url, query: Object.fromEntries(new URL(url).searchParams) };
}

/** As a TLS-terminating proxy hands it over: same path, internal scheme/host. */
export function asSeenBehindProxy(request: InboundWebhook): string {
  const url = new URL(request.publicUrl);

  return `${INTERNAL_BASE}${url.pathname}${url.search}`;
}

export function rejectionOf(action: () => unknown): WebhookRejection {
  try {
    action();
  } catch (error) {
    if (error instanceof WebhookRejection) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a WebhookRejection');
}

/** Verify then parse, as the intake does (parse may use what verify learnt). */
export function verifyAndParse(
  adapter: CarrierAdapter,
  request: InboundWebhook,
  accounts: ResolvedCarrierAccount[],
) {
  adapter.verify(request, accounts);

  return adapter.parse(request);
}

export function callEventsOf(adapter: CarrierAdapter, fixture: Fixture) {
  const accounts = accountsFor(adapter.carrier);

  return fixture.requests.flatMap((_request, index) => {
    const parsed = verifyAndParse(adapter, requestOf(fixture, index), accounts);

    return parsed.kind === 'call_events' ? parsed.events : [];
  });
}

export interface SignatureCases {
  fixture: Fixture;
  /** The request the cases use (default 0). */
  index?: number;
  /** What the carrier signs with, for the name of the valid case. */
  scheme: string;
  /** What one changed byte is put into; omitted for a credential that signs nothing. */
  tamper?: 'body' | 'query';
  /** A time at which the signature no longer holds; omitted when the carrier signs no time. */
  staleAt?: Date;
  /** Whether the signature covers the public URL, so the URL behind a TLS proxy fails. */
  coversUrl: boolean;
}

/**
 * The signature cases every adapter spec has: valid, tampered, stale, and
 * proxied (a TLS-terminating proxy hands over another URL). Call inside
 * the spec's `describe('verify')`.
 */
export function describeSignatureChecks(adapter: CarrierAdapter, cases: SignatureCases): void {
  const accounts = accountsFor(adapter.carrier);
  const request = (receivedAt?: Date) => requestOf(cases.fixture, cases.index ?? 0, receivedAt);
  const refusal = (tampered: InboundWebhook) =>
    rejectionOf(() => adapter.verify(tampered, accounts));

  it(`should accept ${cases.scheme}`, () => {
    expect(() => adapter.verify(request(), accounts)).not.toThrow();
  });

  if (cases.tamper) {
    const tamper = cases.tamper === 'body' ? withTamperedBody : withTamperedQuery;
    it(`should refuse a tampered ${cases.tamper} with 403`, () => {
      expect(refusal(tamper(request()))).toMatchObject({
        status: 403,
        reason: 'invalid_signature',
      });
    });
  }

  const staleAt = cases.staleAt;
  if (staleAt) {
    it('should refuse a signature judged at a time it no longer holds', () => {
      expect(refusal(request(staleAt))).toMatchObject({ status: 403, reason: 'invalid_signature' });
    });
  }

  if (cases.coversUrl) {
    it('should verify against the public URL, not the one behind the TLS proxy', () => {
      const proxied = { ...request(), publicUrl: asSeenBehindProxy(request()) };
      expect(refusal(proxied)).toMatchObject({ status: 403, reason: 'invalid_signature' });
    });
  } else {
    it('should verify behind a TLS proxy (what is signed does not cover the URL)', () => {
      const proxied = { ...request(), publicUrl: asSeenBehindProxy(request()) };
      expect(() => adapter.verify(proxied, accounts)).not.toThrow();
    });
  }
}
