import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Query of `GET /notes`: paging. */
export class ListNotesQuery {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number = 20;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  offset?: number = 0;
}
