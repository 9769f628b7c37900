export * from './env';
export * from './tenant.schema';
export * from './tenant-directory';
