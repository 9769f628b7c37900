import { fixtureBodyBytes, type Fixture } from './fixture-corpus';

/** Polls `condition` until it holds or `ms` pass; the caller asserts what it needs afterwards. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  ms: number,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Posts a fixture's requests to ingest exactly as the carrier sent them,
 * judged at the fixture's clock; returns the HTTP statuses in order.
 */
export async function postFixture(
  ingestUrl: string,
  fixture: Fixture,
  extraHeaders: Record<string, string> = {},
): Promise<number[]> {
  const statuses: number[] = [];
  for (const request of fixture.requests) {
    const url = new URL(request.url);
    const response = await fetch(`${ingestUrl}${url.pathname}${url.search}`, {
      method: request.method,
      headers: { ...request.headers, 'x-rebound-clock': fixture.fixture_clock, ...extraHeaders },
      body: fixtureBodyBytes(request),
    });
    await response.arrayBuffer();
    statuses.push(response.status);
  }

  return statuses;
}
