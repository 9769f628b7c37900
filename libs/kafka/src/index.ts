export * from './kafka-bus';
export * from './kafka-settings';
export * from './consumer-runner';
export * from './rebound.error';
