import type { QueryLanguage } from '../../checks/index.ts';

/**
 * The Emporix standard query (the `q` parameter and search body field, x-filters syntax 'emporix-q'):
 * `field:value` terms separated by spaces, ANDed (schemas/emporix-ai-service/parameters.schema.json
 * Q; provider-docs/README.md#emporix-ai-service-jobs-newer-official-openapi). A value with a space or
 * a quote is written quoted, so it stays one term.
 */
export const emporixQuery: QueryLanguage = {
  fields: ['status', 'type'],
  matchQuery(terms) {
    return terms.map(({ field, value }) => `${field}:${quoted(value)}`).join(' ');
  },
};

function quoted(value: string): string {
  return /^[^\s"():]+$/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
