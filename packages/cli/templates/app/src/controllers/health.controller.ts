import { Public } from '@bulwark/core';
import { Get, JsonController } from 'routing-controllers';

/** Liveness for load balancers: open to anyone, tells nothing about the internals. */
@JsonController('/health')
@Public()
export class HealthController {
  @Get('/')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
