import { z, ZodType } from 'zod';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** The OpenAPI schema of a shared zod schema, so the docs cannot drift from validation. */
export const openApiSchema = (schema: ZodType): SchemaObject =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as SchemaObject;
