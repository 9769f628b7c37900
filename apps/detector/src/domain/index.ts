export * from './detector-policy';
export * from './leg-state';
export * from './call-assessment';
export * from './leg-index';
