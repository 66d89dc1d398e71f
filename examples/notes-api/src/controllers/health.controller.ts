import { Public } from '@bulwark/core';
import { Summary, Tags } from '@bulwark/openapi';
import { Get, JsonController } from 'routing-controllers';

/** Liveness for load balancers; open to anyone and tells nothing about the internals. */
@JsonController('/health')
@Public()
@Tags('Health')
export class HealthController {
  @Get('/')
  @Summary('Liveness probe')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
