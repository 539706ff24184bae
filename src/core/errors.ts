/** A problem with flags, .env, a URL or a schema file: exit code 2, one line, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A schema or OpenAPI file that cannot be used; the message names the file and the problem (exit code 2). */
export class CatalogueError extends Error {
  override name = 'CatalogueError';
}
