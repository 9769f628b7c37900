import { createLogger } from '@rebound/telemetry';
import { PeriodicTask } from './periodic.task';

describe('PeriodicTask', () => {
  const logger = createLogger('periodic-task-test', 'fatal');

  it('should keep running after a failed run and stop after the run in flight', async () => {
    const runs: number[] = [];
    let finishLast: (() => void) | undefined;
    const sut = new PeriodicTask(
      { name: 'test', intervalMs: 5, firstRunMs: 0 },
      () => {
        runs.push(runs.length);
        if (runs.length === 1) {
          return Promise.reject(new Error('first run fails'));
        }
        if (runs.length === 3) {
          return new Promise<void>((resolve) => (finishLast = resolve));
        }

        return Promise.resolve();
      },
      logger,
    );

    sut.start();
    while (runs.length < 3) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    let stopped = false;
    const stopping = sut.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stoppedBeforeRunEnded = stopped;
    finishLast?.();
    await stopping;
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(runs).toEqual([0, 1, 2]);
    expect(stoppedBeforeRunEnded).toBe(false);
    expect(sut.stopping).toBe(true);
  });
});
