/** PostgreSQL error codes the services react to. */
export const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

/**
 * An error caused by the rows a statement wrote (class 22 data exception, class 23 integrity
 * violation, such as a row naming a document deleted meanwhile), not by the database being away.
 */
export const isRowError = (error: unknown) => /^2[23]/.test((error as { code?: string })?.code ?? '');
