/** The shapes that cross the wire (REST bodies and views, sync and live messages); built on the rules. */
export * from './rest';
export * from './sync';
export * from './presence';
export * from './live';
export * from './history';
export * from './notifications';
export * from './audit';
export * from './account-security';
export * from './recovery';
export * from './leaving';
export * from './check-ins';
export * from './commitments';
export * from './repairs';
export * from './progress';
export * from './safety';
export * from './reveals';
