export * from './clock';
export * from './health.registry';
export * from './tokens';
export * from './service-kit.module';
export * from './bootstrap';
export * from './ops.controller';
export * from './consumer.host';
export * from './database.provider';
