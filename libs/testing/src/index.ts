export * from './fixture-corpus';
export * from './fixture-webhook';
