import { Counter, Histogram, Registry, Gauge, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per process, served on `/metrics`. Metric names
 * follow `rebound_<area>_<what>`.
 */
export class Metrics {
  readonly registry = new Registry();

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  counter(name: string, help: string, labelNames: string[] = []): Counter {
    const existing = this.registry.getSingleMetric(name);
    if (existing) {
      return existing as Counter;
    }

    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge(name: string, help: string, labelNames: string[] = []): Gauge {
    const existing = this.registry.getSingleMetric(name);
    if (existing) {
      return existing as Gauge;
    }

    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  histogram(name: string, help: string, labelNames: string[], buckets: number[]): Histogram {
    const existing = this.registry.getSingleMetric(name);
    if (existing) {
      return existing as Histogram;
    }

    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}
