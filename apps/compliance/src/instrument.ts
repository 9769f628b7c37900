import { startTracing } from '@rebound/telemetry';

/** Imported first by main.ts, so tracing is up before anything else loads. */
startTracing({ serviceName: 'compliance' });
