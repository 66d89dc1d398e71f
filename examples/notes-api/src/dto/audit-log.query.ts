import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** Query of `GET /admin/audit-events`: filters (all optional, combined with AND) and paging. */
export class AuditLogQuery {
  /** The principal id of the actor. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  actor?: string;

  /** An exact action name such as `note.update`. */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/i)
  @MaxLength(128)
  action?: string;

  /** The subject type, such as `Note`. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  subjectType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  subjectId?: string;

  @IsOptional()
  @IsIn(['allowed', 'denied', 'failed', 'error'])
  outcome?: 'allowed' | 'denied' | 'failed' | 'error';

  /** Events at or after this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Events before this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  /** The `nextBefore` of the previous page. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  before?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number = 50;
}
