import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The body of `POST /notes`. */
export class CreateNoteInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @IsString()
  @MaxLength(10_000)
  body!: string;

  @IsOptional()
  @IsBoolean()
  isPublished?: boolean;
}

/** The body of `PUT /notes/:id`: every field optional. */
export class UpdateNoteInput {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  body?: string;

  @IsOptional()
  @IsBoolean()
  isPublished?: boolean;
}
