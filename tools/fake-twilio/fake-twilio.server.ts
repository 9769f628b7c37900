import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface RecordedMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
  numSegments: number;
  dateCreated: string;
}

/** A call the server knows, as Twilio's Calls resource describes it (optional fields for lookups). */
export interface FakeCall {
  status: string;
  direction: string;
  parentCallSid?: string;
  from?: string;
  to?: string;
  duration?: string;
  answeredBy?: string;
}

export interface RecordedCallLookup {
  callSid: string;
}

/**
 * A local server that speaks the part of Twilio's REST API Rebound uses:
 * create and list Messages, fetch a Call. It checks HTTP Basic auth like
 * Twilio, records what it received, and can be told to fail (to test
 * retries and failover). Control endpoints live under `/__control`.
 */
export class FakeTwilioServer {
  readonly messages: RecordedMessage[] = [];
  readonly calls = new Map<string, FakeCall>();
  /** Every Calls request received (fetch by sid, list by parent), for assertions. */
  readonly callLookups: string[] = [];
  /** Every create request that reached the API, answered or not (to see circuits and retries). */
  createAttempts = 0;
  private failNext: Array<{ status: number; code: number }> = [];
  private down = false;
  private holding = false;
  private held: Array<() => void> = [];
  private server: Server | undefined;

  constructor(
    private readonly accountSid: string,
    private readonly authToken: string,
  ) {}

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    this.server = createServer((request, response) => void this.route(request, response));
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    const address = this.server.address();

    return typeof address === 'object' && address ? address.port : port;
  }

  async close(): Promise<void> {
    this.holding = false;
    this.releaseHeld();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The next N message creates fail with this HTTP status and Twilio error code. */
  failNextSends(count: number, status = 503, code = 20503): void {
    this.failNext.push(...Array.from({ length: count }, () => ({ status, code })));
  }

  setDown(down: boolean): void {
    this.down = down;
  }

  /**
   * While on, a message create is neither recorded nor answered until
   * {@link releaseHeld}: a provider call in flight, to crash a client in.
   */
  holdCreates(on: boolean): void {
    this.holding = on;
  }

  /** Create requests waiting for release. */
  get heldCount(): number {
    return this.held.length;
  }

  /**
   * Lets the held creates through: each is recorded, as the provider would
   * have accepted it, and answered (a client that died meanwhile hears nothing).
   */
  releaseHeld(): number {
    const held = this.held.splice(0);
    held.forEach((finish) => finish());

    return held.length;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(request);
    if (url.pathname.startsWith('/__control')) {
      return this.control(url, body, response);
    }
    if (this.down) {
      return send(response, 503, { code: 20503, message: 'Service unavailable', status: 503 });
    }
    if (!this.authorised(request)) {
      return send(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    const messages = url.pathname.match(/^\/2010-04-01\/Accounts\/(AC\w+)\/Messages\.json$/);
    if (messages && request.method === 'POST') {
      this.createAttempts += 1;
      const create = () => this.createMessage(messages[1], new URLSearchParams(body), response);
      if (this.holding) {
        this.held.push(create);

        return;
      }

      return create();
    }
    if (messages && request.method === 'GET') {
      return this.listMessages(url, response);
    }
    const call = url.pathname.match(/^\/2010-04-01\/Accounts\/(AC\w+)\/Calls\/(CA\w+)\.json$/);
    if (call && request.method === 'GET') {
      return this.fetchCall(call[1], call[2], response);
    }
    const callList = url.pathname.match(/^\/2010-04-01\/Accounts\/(AC\w+)\/Calls\.json$/);
    if (callList && request.method === 'GET') {
      return this.listCalls(callList[1], url, response);
    }
    send(response, 404, {
      code: 20404,
      message: 'The requested resource was not found',
      status: 404,
    });
  }

  private createMessage(accountSid: string, form: URLSearchParams, response: ServerResponse): void {
    const failure = this.failNext.shift();
    if (failure) {
      return send(response, failure.status, {
        code: failure.code,
        message: 'Injected failure',
        status: failure.status,
      });
    }
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    if (!/^\+[1-9]\d{6,14}$/.test(to)) {
      return send(response, 400, {
        code: 21211,
        message: "The 'To' number is not a valid phone number.",
        status: 400,
      });
    }
    const message: RecordedMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      accountSid,
      to,
      from: form.get('From') ?? '',
      body,
      statusCallback: form.get('StatusCallback'),
      numSegments: segmentsOf(body),
      dateCreated: new Date().toUTCString(),
    };
    this.messages.push(message);
    send(response, 201, toResource(message));
  }

  private listMessages(url: URL, response: ServerResponse): void {
    const to = url.searchParams.get('To');
    const matching = this.messages.filter((message) => !to || message.to === to);
    send(response, 200, {
      messages: matching.map(toResource),
      page: 0,
      page_size: 50,
      next_page_uri: null,
      uri: url.pathname,
    });
  }

  private fetchCall(accountSid: string, callSid: string, response: ServerResponse): void {
    const call = this.calls.get(callSid);
    if (!call) {
      return send(response, 404, {
        code: 20404,
        message: 'The requested resource was not found',
        status: 404,
      });
    }
    this.callLookups.push(`fetch:${callSid}`);
    send(response, 200, toCallResource(accountSid, callSid, call));
  }

  /** Calls.json, filtered by ParentCallSid (the only filter Rebound uses). */
  private listCalls(accountSid: string, url: URL, response: ServerResponse): void {
    const parent = url.searchParams.get('ParentCallSid');
    this.callLookups.push(`list:${parent ?? ''}`);
    const matching = [...this.calls].filter(([, call]) => !parent || call.parentCallSid === parent);
    send(response, 200, {
      calls: matching.map(([sid, call]) => toCallResource(accountSid, sid, call)),
      page: 0,
      page_size: 50,
      next_page_uri: null,
      uri: url.pathname,
    });
  }

  private control(url: URL, body: string, response: ServerResponse): void {
    if (url.pathname === '/__control/messages') {
      return send(response, 200, { messages: this.messages });
    }
    if (url.pathname === '/__control/down') {
      this.down = body.trim() === 'true';

      return send(response, 200, { down: this.down });
    }
    if (url.pathname === '/__control/hold') {
      this.holding = body.trim() === 'true';

      return send(response, 200, { holding: this.holding, held: this.held.length });
    }
    if (url.pathname === '/__control/release') {
      return send(response, 200, { released: this.releaseHeld() });
    }
    if (url.pathname === '/__control/reset') {
      this.messages.length = 0;
      this.failNext = [];
      this.down = false;
      this.holding = false;
      this.releaseHeld();
      this.createAttempts = 0;

      return send(response, 200, { reset: true });
    }
    send(response, 404, { error: 'unknown control' });
  }

  private authorised(request: IncomingMessage): boolean {
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;

    return request.headers.authorization === expected;
  }
}

function toCallResource(accountSid: string, sid: string, call: FakeCall) {
  return {
    sid,
    account_sid: accountSid,
    parent_call_sid: call.parentCallSid ?? null,
    status: call.status,
    direction: call.direction,
    from: call.from ?? null,
    to: call.to ?? null,
    duration: call.duration ?? null,
    answered_by: call.answeredBy ?? null,
    start_time: null,
    end_time: null,
    date_updated: null,
  };
}

function toResource(message: RecordedMessage) {
  return {
    sid: message.sid,
    account_sid: message.accountSid,
    to: message.to,
    from: message.from,
    body: message.body,
    status: 'queued',
    num_segments: String(message.numSegments),
    direction: 'outbound-api',
    date_created: message.dateCreated,
    date_sent: message.dateCreated,
    uri: `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}.json`,
  };
}

/** Rough segment count (GSM-7 vs UCS-2) so the SDK sees a realistic num_segments. */
function segmentsOf(body: string): number {
  // eslint-disable-next-line no-control-regex
  const gsm = /^[\x0A\x0D\x20-\x7EÄÖÜäöüßéèÉàìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæ¡¿£¥§€]*$/.test(body);
  const [single, multi] = gsm ? [160, 153] : [70, 67];

  return body.length <= single ? 1 : Math.ceil(body.length / multi);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}
