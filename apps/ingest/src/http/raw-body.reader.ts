import type { Request } from 'express';
import { WebhookRejection } from '../carriers/carrier-adapter';

/** Past this much, an oversized body is no longer drained but the connection closed. */
const DRAIN_CAP_BYTES = 16 * 1024 * 1024;

/**
 * Reads the request body as raw bytes (signatures are checked over them).
 * More than `limit` bytes is refused with 413, also when the sender did not
 * declare a length (chunked): the rest is drained and dropped so the 413
 * can still be read by the sender. A compressed body is refused with 415:
 * carriers send plain bodies, and signatures cover the plain bytes.
 */
export function readRawBody(request: Request, limit: number): Promise<Buffer> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding !== 'identity') {
    return Promise.reject(
      new WebhookRejection(415, 'unsupported_encoding', 'send the body without Content-Encoding'),
    );
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    return Promise.reject(tooLarge(limit));
  }

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_CAP_BYTES) {
        request.destroy();
      } else if (size > limit) {
        chunks.length = 0;
        reject(tooLarge(limit));
      } else {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function tooLarge(limit: number): WebhookRejection {
  return new WebhookRejection(413, 'payload_too_large', `body exceeds ${limit} bytes`);
}
