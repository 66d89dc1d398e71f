import { IsUUID } from 'class-validator';

/** The path of `/notes/:id`: note ids are UUIDs, so anything else is refused before a lookup. */
export class NoteIdParams {
  @IsUUID()
  id!: string;
}
