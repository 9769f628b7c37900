import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '@rebound/telemetry';

/** Routes kafkajs's own log lines into our JSON logger. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });

  return () =>
    ({ level, log }) => {
      const { message, ...fields } = log;
      if (level === logLevel.ERROR) {
        child.error(fields, message);
      } else if (level === logLevel.WARN) {
        child.warn(fields, message);
      } else {
        child.debug(fields, message);
      }
    };
}
