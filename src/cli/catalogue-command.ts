import type { Command } from 'commander';
import { type Api, type Catalogue, getCatalogue, type Operation } from '../catalogue/index.ts';
import { UsageError } from '../core/index.ts';

/** Documented statuses of an operation, then its ranges (4XX, 5XX), 'default' last when the provider documents one. */
function statusesOf(op: Operation): string {
  const ranges = [...op.responses.keys()].filter((k) => /^[1-5]XX$/i.test(k));
  return [...op.statuses.map(String), ...ranges, ...(op.hasDefaultResponse ? ['default'] : [])].join(' ');
}

/** The paging style with the request fields it turns on, e.g. "cursor (pageKey, numResults)". */
function pagingOf(op: Operation): string {
  const p = op.pagination;
  if (!p) return '';
  const fields = [p.request.page, p.request.cursor, p.request.size].flatMap((f) => (f ? [f.name] : []));
  const total = p.response.totalHeader ? `, total in ${p.response.totalHeader}` : '';
  return `${p.style} (${fields.join(', ')}${total})`;
}

function authOf(api: Api): string {
  const alternatives = api.operations.flatMap((op) => op.security.map((alt) => Object.keys(alt.schemes)));
  const unique = [...new Set(alternatives.map((names) => names.join(' + ')))];
  return unique
    .map((combo) =>
      combo
        .split(' + ')
        .map((name) => {
          const scheme = api.securitySchemes[name];
          if (!scheme) return name;
          if (scheme.type === 'http') return `${scheme.scheme ?? 'http'} token`;
          if (scheme.type === 'apiKey') return `header ${scheme.headerName}`;
          const scopes = new Set(
            api.operations.flatMap((op) => op.security.flatMap((alt) => alt.schemes[name] ?? [])),
          );
          return `oauth2 client credentials (${scheme.tokenUrl}; scopes ${[...scopes].join(', ')})`;
        })
        .join(' + '),
    )
    .filter((text, i, all) => all.indexOf(text) === i)
    .join(' | ');
}

function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>(
    (w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)),
    [],
  );
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** Per API: its operations (method, path), documented statuses and pagination style. */
export function formatCatalogue(catalogue: Catalogue, apiId?: string): string {
  if (apiId !== undefined && !catalogue.apis.has(apiId as never)) {
    throw new UsageError(
      `unknown API '${apiId}' for --api (known: ${[...catalogue.apis.keys()].join(', ')})`,
    );
  }
  const apis = [...catalogue.apis.values()].filter((api) => apiId === undefined || api.id === apiId);
  const blocks = apis.map((api) => {
    const rows = [
      ['operation', 'method', 'path', 'statuses', 'pagination'],
      ...api.operations.map((op) => [op.id, op.method, op.path, statusesOf(op), pagingOf(op)]),
    ];
    return [
      `${api.id} — ${api.title}`,
      `  server: ${api.serverUrl}`,
      `  auth:   ${authOf(api)}; rejected with ${api.authRejection.statuses.join('/')}`,
      ...table(rows).map((line) => `  ${line}`),
    ].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

export function registerCatalogueCommand(program: Command): void {
  program
    .command('catalogue')
    .description('print each API: its operations (method, path), documented statuses and pagination style')
    .option('--api <id>', 'only this API')
    .action((options: { api?: string }) => {
      process.stdout.write(formatCatalogue(getCatalogue(), options.api));
    });
}
