import { Controller, Get, Header, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { Metrics } from '@rebound/telemetry';
import { HealthRegistry } from './health.registry';

/** Liveness, readiness and Prometheus metrics, the same in every service. */
@Controller()
export class OpsController {
  constructor(
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready() {
    const report = await this.health.readiness();
    if (report.status !== 'ok') {
      throw new HttpException(report, HttpStatus.SERVICE_UNAVAILABLE);
    }

    return report;
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
