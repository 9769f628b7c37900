export * from './loopback-request.client';
