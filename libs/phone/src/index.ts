export * from './phone-normaliser';
export * from './phone-mask';
export * from './phone-type';
export * from './withheld-sentinels';
