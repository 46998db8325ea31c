/** The rules both sides apply: document kinds, roles and what each may do, live-session holds, person colours. Imports nothing of this library. */
export * from './document-kinds';
export * from './roles';
export * from './person-color';
export * from './live-session';
export * from './commitments';
export * from './repair';
export * from './safety';
export * from './reveals';
