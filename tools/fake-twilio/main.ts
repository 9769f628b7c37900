import { FakeTwilioServer } from './fake-twilio.server';

/** Runs the local Twilio API server on FAKE_TWILIO_PORT (default 3999). */
async function main(): Promise<void> {
  const server = new FakeTwilioServer(
    process.env.TWILIO_ACCOUNT_SID ?? 'AC00000000000000000000000000000000',
    process.env.TWILIO_AUTH_TOKEN ?? 'local-token',
  );
  const port = await server.listen(Number(process.env.FAKE_TWILIO_PORT ?? 3999));
  console.log(JSON.stringify({ level: 'info', service: 'fake-twilio', msg: 'listening', port }));
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
  process.once('SIGINT', () => void server.close().then(() => process.exit(0)));
}

void main();
