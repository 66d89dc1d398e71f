import { Audit, Authorize } from '@bulwark/core';
import { findAuditEvents, type AuditEventPage } from '@bulwark/typeorm';
import { Get, JsonController, QueryParams } from 'routing-controllers';
import type { AppContext } from '../context';
import { AuditLogQuery } from '../dto/audit-log.query';

/**
 * Builds the audit-log route: administrators search the audit trail by actor, action, subject,
 * outcome and time, newest first, a page at a time. Reading the log is itself audited.
 */
export function auditLogController(context: AppContext): Function {
  @JsonController('/admin/audit-events')
  class AuditLogController {
    @Get('/')
    @Authorize({ roles: ['admin'] })
    @Audit('audit.read')
    async search(@QueryParams() query: AuditLogQuery): Promise<AuditEventPage> {
      return findAuditEvents(context.dataSource, {
        actorId: query.actor,
        action: query.action,
        subjectType: query.subjectType,
        subjectId: query.subjectId,
        outcome: query.outcome,
        from: query.from,
        to: query.to,
        before: query.before,
        limit: query.limit ?? 50,
      });
    }
  }
  return AuditLogController;
}
