import { PipeTransform } from '@nestjs/common';
import { DomainError } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

/** A route id that is not a UUID names nothing: a 404, as for an id that does not exist. */
export const uuidParam = (what: string): PipeTransform<string, string> => ({
  transform(value: string) {
    if (!isUuid(value)) throw new DomainError('not_found', `${what} was not found`);
    return value.toLowerCase();
  },
});
