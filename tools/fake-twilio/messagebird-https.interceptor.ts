import http from 'node:http';
import https from 'node:https';

const MESSAGEBIRD_HOST = 'rest.messagebird.com';

/**
 * The messagebird SDK (v4) hard-codes `https://rest.messagebird.com` and
 * calls `require('https').request(options)` with no way to change the host
 * or inject a client. For tests only, this swaps `https.request` so that
 * requests to that host go, unchanged otherwise, as plain HTTP to a local
 * server that speaks MessageBird's API; every other request is untouched.
 * Returns the function that restores the original.
 */
export function interceptMessageBirdHttps(port: number, host = '127.0.0.1'): () => void {
  const original = https.request;
  const patched = ((options: unknown, ...rest: unknown[]) => {
    const target = options as http.RequestOptions;
    if (typeof options === 'object' && options !== null && target.hostname === MESSAGEBIRD_HOST) {
      return http.request({ ...target, hostname: host, port, protocol: 'http:' }, ...(rest as []));
    }

    return (original as (...args: unknown[]) => http.ClientRequest)(options, ...rest);
  }) as typeof https.request;
  https.request = patched;

  return () => {
    https.request = original;
  };
}
