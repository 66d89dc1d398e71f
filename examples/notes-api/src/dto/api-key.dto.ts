import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** The scopes an API key of the notes API may carry. */
export const API_KEY_SCOPES = ['notes:read', 'notes:write'] as const;

/** The body of `POST /me/api-keys`. */
export class CreateApiKeyInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes!: string[];

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  expiresInDays?: number;
}

/** The path of `/me/api-keys/:id`: key identifiers are 16 base62 characters. */
export class ApiKeyIdParams {
  @Matches(/^[0-9A-Za-z]{16}$/)
  id!: string;
}
