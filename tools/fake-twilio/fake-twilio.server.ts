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
  readonly calls = new Map<string, { status: string; direction: string }>();
  private failNext: Array<{ status: number; code: number }> = [];
  private down = false;
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
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The next N message creates fail with this HTTP status and Twilio error code. */
  failNextSends(count: number, status = 503, code = 20503): void {
    this.failNext.push(...Array.from({ length: count }, () => ({ status, code })));
  }

  setDown(down: boolean): void {
    this.down = down;
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
      return this.createMessage(messages[1], new URLSearchParams(body), response);
    }
    if (messages && request.method === 'GET') {
      return this.listMessages(url, response);
    }
    const call = url.pathname.match(/^\/2010-04-01\/Accounts\/(AC\w+)\/Calls\/(CA\w+)\.json$/);
    if (call && request.method === 'GET') {
      return this.fetchCall(call[1], call[2], response);
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
    send(response, 200, {
      sid: callSid,
      account_sid: accountSid,
      status: call.status,
      direction: call.direction,
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
    if (url.pathname === '/__control/reset') {
      this.messages.length = 0;
      this.failNext = [];
      this.down = false;

      return send(response, 200, { reset: true });
    }
    send(response, 404, { error: 'unknown control' });
  }

  private authorised(request: IncomingMessage): boolean {
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;

    return request.headers.authorization === expected;
  }
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
