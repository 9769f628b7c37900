import { Controller, Get, Inject } from '@nestjs/common';
import { AmiIntakeService, type AmiConnectionStatus } from './ami-intake.service';

/**
 * The state of each PBX connection. Kept out of readiness on purpose: a PBX
 * that is down must not take ingest out of service for every HTTP carrier.
 */
@Controller()
export class AmiHealthController {
  constructor(@Inject(AmiIntakeService) private readonly ami: AmiIntakeService) {}

  @Get('health/ami')
  status(): { connections: AmiConnectionStatus[] } {
    return { connections: this.ami.status() };
  }
}
