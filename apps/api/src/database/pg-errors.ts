/** PostgreSQL error codes the services react to. */
export const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';
