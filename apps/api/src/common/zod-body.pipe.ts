import { PipeTransform } from '@nestjs/common';
import type { ZodType } from 'zod';
import { DomainError } from './domain-error';

/** Validates a request body against a shared schema; a 400 names the first field at fault. */
export class ZodBodyPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T>) {}

  transform(value: unknown): T {
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DomainError('invalid', 'The request body must be a JSON object');
    }
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    if (issue.code === 'unrecognized_keys') {
      const field = issue.keys[0];
      throw new DomainError('invalid', `${field} is not a known field`, field);
    }
    const field = issue.path.map(String).join('.') || undefined;
    throw new DomainError('invalid', field ? `${field} ${issue.message}` : issue.message, field);
  }
}
