import { Authorize } from '@bulwark/core';
import { IsString, MaxLength } from 'class-validator';
import { Get, JsonController, QueryParams } from 'routing-controllers';
import type { DataSource } from 'typeorm';

/** The query of the vulnerable search: one text, validated like any other. */
export class VulnerableSearchQuery {
  @IsString()
  @MaxLength(200)
  q!: string;
}

/**
 * A search route with a deliberate SQL injection, for the sqlmap control run only: it is never
 * part of the reference app. The title is pasted into the SQL text instead of being bound as a
 * parameter — the bug every other route avoids. Bulwark validates the input (a string of at most
 * 200 characters) and authenticates the caller, which shows that validation and authorization do
 * not stand in for parameterized queries.
 *
 * @param dataSource - Gives the database once the app has opened it.
 * @returns The controller class.
 */
export function vulnerableSearchController(dataSource: () => DataSource): Function {
  @JsonController('/test-only/vulnerable-search')
  class VulnerableSearchController {
    @Get('/')
    @Authorize({})
    async search(@QueryParams() query: VulnerableSearchQuery): Promise<{ items: unknown[] }> {
      const items = (await dataSource().query(
        `SELECT id, title FROM notes_notes WHERE title = '${query.q}' ORDER BY id`,
      )) as unknown[];
      return { items };
    }
  }
  return VulnerableSearchController;
}
