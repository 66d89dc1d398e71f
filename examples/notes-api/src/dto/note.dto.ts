import { NormalizeUnicode, StripHtml, Trim } from '@bulwark/routing-controllers';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/**
 * The body of `POST /notes`. `ownerId` is in the DTO because admins may write a note for someone
 * else; the field rules refuse it to editors with 403 `ERR_AUTHZ_FIELDS_DENIED`.
 */
export class CreateNoteInput {
  /** Plain text: markup is stripped, white space trimmed and Unicode normalized before the checks. */
  @StripHtml()
  @Trim()
  @NormalizeUnicode()
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

  @IsOptional()
  @IsUUID()
  ownerId?: string;
}

/** The body of `PUT /notes/:id`: every field optional; only admins may change `ownerId`. */
export class UpdateNoteInput {
  @StripHtml()
  @Trim()
  @NormalizeUnicode()
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

  @IsOptional()
  @IsUUID()
  ownerId?: string;
}
