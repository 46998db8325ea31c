/**
 * Everything at once. New code imports the part it needs: `@kinship/domain/rules`,
 * `@kinship/domain/wire` or `@kinship/domain/agreements` (each imports only the ones before it).
 */
export * from './rules';
export * from './wire';
export * from './agreements';
