import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { formatAmiAction, parseAmiFrames, type AmiFrame } from './ami-frame.parser';

/** The logger the client writes to; never given a phone number or the secret. */
export interface AmiLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** First reconnect delay; doubles per failed attempt up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Injectable for tests. */
  connectSocket?: (port: number, host: string) => Socket;
  logger?: AmiLogger;
}

const SILENT: AmiLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/**
 * Connects out to an Asterisk Manager Interface (TCP 5038), logs in with
 * `Action: Login`, and emits every event frame as `event` (a parsed
 * {@link AmiFrame}, plus the raw text for the intake). On a lost
 * connection or a failed login it reconnects with capped exponential
 * backoff until `stop()`. No Nest dependency: the app wires it.
 *
 * Events: `event` (frame, raw), `connected`, `disconnected`, `error` (Error).
 */
export class AmiClient extends EventEmitter {
  private socket?: Socket;
  private buffer = '';
  private attempt = 0;
  private stopped = true;
  private loggedIn = false;
  private timer?: NodeJS.Timeout;
  private readonly logger: AmiLogger;

  constructor(private readonly options: AmiClientOptions) {
    super();
    this.logger = options.logger ?? SILENT;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.destroy();
    this.socket = undefined;
  }

  get connected(): boolean {
    return this.loggedIn;
  }

  /** The delay before reconnect attempt `attempt` (0-based): initial × 2^attempt, capped. */
  backoffMs(attempt: number): number {
    const initial = this.options.initialBackoffMs ?? 1_000;
    const max = this.options.maxBackoffMs ?? 60_000;

    return Math.min(max, initial * 2 ** Math.min(attempt, 30));
  }

  private open(): void {
    const { host, port } = this.options;
    const socket = (this.options.connectSocket ?? ((p, h) => connect(p, h)))(port, host);
    this.socket = socket;
    this.buffer = '';
    this.loggedIn = false;
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      this.logger.debug('ami connected, logging in', { host, port });
      socket.write(
        formatAmiAction({
          Action: 'Login',
          ActionID: 'rebound-login',
          Username: this.options.username,
          Secret: this.options.secret,
          Events: 'call,cdr',
        }),
      );
    });
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (error) => {
      this.logger.warn('ami connection error', {
        host,
        port,
        code: (error as NodeJS.ErrnoException).code,
      });
      this.emit('error', error);
    });
    socket.on('close', () => this.onClose(socket));
  }

  private onData(chunk: string): void {
    const { frames, rest } = parseAmiFrames(this.buffer + chunk);
    this.buffer = rest;
    for (const frame of frames) {
      this.onFrame(frame);
    }
  }

  private onFrame(frame: AmiFrame): void {
    if (frame.ActionID === 'rebound-login' && frame.Response) {
      if (frame.Response === 'Success') {
        this.loggedIn = true;
        this.attempt = 0;
        this.logger.info('ami logged in', { host: this.options.host, port: this.options.port });
        this.emit('connected');
      } else {
        this.logger.warn('ami login refused', { host: this.options.host, port: this.options.port });
        this.socket?.destroy();
      }

      return;
    }
    if (frame.Event && this.loggedIn) {
      const raw = `${Object.entries(frame)
        .map(([key, value]) => `${key}: ${value}`)
        .join('\r\n')}\r\n\r\n`;
      this.emit('event', frame, raw);
    }
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) {
      return;
    }
    const wasLoggedIn = this.loggedIn;
    this.loggedIn = false;
    this.socket = undefined;
    if (wasLoggedIn) {
      this.emit('disconnected');
    }
    if (this.stopped) {
      return;
    }
    const delay = this.backoffMs(this.attempt);
    this.attempt += 1;
    this.logger.info('ami reconnecting', {
      host: this.options.host,
      port: this.options.port,
      delayMs: delay,
      attempt: this.attempt,
    });
    this.timer = setTimeout(() => this.open(), delay);
  }
}
