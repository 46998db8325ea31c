export * from './document-kinds';
export * from './roles';
export * from './wire/rest';
export * from './wire/sync';
export * from './person-color';
export * from './wire/presence';
export * from './live-session';
export * from './wire/live';
