import type { Request } from 'express';
import { WebhookRejection } from '../carriers/carrier-adapter';

/** Reads the request body as raw bytes, refusing more than `limit` bytes with 413. */
export function readRawBody(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    return Promise.reject(
      new WebhookRejection(413, 'payload_too_large', `body exceeds ${limit} bytes`),
    );
  }

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new WebhookRejection(413, 'payload_too_large', `body exceeds ${limit} bytes`));
        request.destroy();

        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
