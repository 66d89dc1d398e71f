import { NormalizeUnicode, SanitizeHtml, StripHtml, Trim } from '@bulwark/routing-controllers';
import { Exclude, Expose, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** A customer nested in an order. */
export class CustomerInput {
  @NormalizeUnicode('NFKC')
  @Trim()
  @IsString()
  @Matches(/^[a-z][a-z0-9_.-]{2,31}$/)
  handle!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  email?: string;
}

/** One line of an order. */
export class LineInput {
  @IsString()
  @Matches(/^[A-Z0-9-]{3,16}$/)
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(99)
  quantity!: number;
}

/** The body of `POST /orders` and, with group `update`, of `PUT /orders/:id`. */
export class OrderInput {
  @IsOptional({ groups: ['update'] })
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerInput)
  customer!: CustomerInput;

  @IsOptional({ groups: ['update'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => LineInput)
  lines!: LineInput[];

  @StripHtml()
  @Trim()
  @IsOptional({ groups: ['update'] })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @SanitizeHtml()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;

  @Trim()
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(10)
  tags?: string[];
}

/** The query of `GET /orders`. */
export class OrderQuery {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;

  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: string;
}

/** The path of `/orders/:id`. */
export class OrderParams {
  @IsUUID()
  id!: string;
}

/** The headers of `GET /tenant`. */
export class TenantHeaders {
  @IsString()
  @Matches(/^[a-z]{3,12}$/)
  'x-tenant'!: string;
}

/** The body of `POST /accounts`: a password-like field that must never be echoed. */
export class AccountInput {
  @IsString()
  @Matches(/^[a-z]{3,20}$/)
  username!: string;

  @IsString()
  @Length(12, 64)
  @Matches(/[A-Z]/, { message: '$value must contain an upper-case letter' })
  password!: string;
}

/** A line as clients see it. */
export class LineView {
  @Expose() sku!: string;
  @Expose() quantity!: number;
}

/** An order as clients see it; internal fields are exposed to the `admin` group only. */
export class OrderView {
  @Expose() id!: string;
  @Expose() title!: string;
  @Expose() @Type(() => LineView) lines!: LineView[];
  @Expose({ groups: ['admin'] }) internalNote!: string;
  @Exclude() tenantId!: string;
}

/** A list page. */
export class OrderPage {
  @Expose() @Type(() => OrderView) items!: OrderView[];
}

/** A response DTO that forgets `@Type` on a nested object: the shaper must refuse to send it. */
export class LeakyView {
  @Expose() id!: string;
  @Expose() owner!: { name: string };
}
