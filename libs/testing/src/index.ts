export * from './fixture-corpus';
export * from './fixture-webhook';
export * from './isolated-stack';
export * from './stack-driver';
