import { IsString, Length, Matches } from 'class-validator';

/** The body of `POST /auth/token`. */
export class LoginInput {
  @IsString()
  @Matches(/^[a-z0-9_.-]{3,64}$/)
  username!: string;

  @IsString()
  @Length(1, 200)
  password!: string;
}
