/**
 * The x-filters of a list: which values a request gives each filter (the query, the body, or the
 * filter's x-default-when-unset), and the items that match them all. A filter with a `syntax` is read
 * by the query language a provider plugs in (plugins.ts); without that plugin it is not applied.
 * A '>=' filter compares instants; x-max-age-days keeps its bound no older than that many days.
 */
import type { Catalogue, FilterSpec, JsonSchema, Operation } from '../../catalogue/index.ts';
import { DAY_MS } from '../data.ts';
import { FilterSyntaxError, type SimulatorPlugins } from '../plugins.ts';
import { instant, valuesAt } from './item-values.ts';
import { isTimestamp, resolve } from './values.ts';

/** Each filter's values, by filter name: what one request (or the cursor it carries) selects. */
export type Selection = Record<string, string[]>;

/** The filter values a request gives (only those it gives: defaults are applied when matching). */
export function requestSelection(op: Operation, query: URLSearchParams, body: unknown): Selection {
  const out: Selection = {};
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  for (const f of op.filters) {
    const values =
      f.in === 'body'
        ? [fields[f.name]]
            .flat()
            .filter((v) => v !== undefined && v !== null)
            .map(String)
        : query.getAll(f.name);
    if (values.length > 0) out[f.name] = values;
  }
  return out;
}

/** The schema of the parameter or body field a filter reads, resolved. */
function filterSchema(catalogue: Catalogue, op: Operation, f: FilterSpec): JsonSchema | undefined {
  const param = op.parameters.find((p) => p.name === f.name && p.in === f.in);
  if (param) return param.schema.schema;
  const body = op.requestBody?.body;
  const prop = (body?.schema.properties as Record<string, JsonSchema> | undefined)?.[f.name];
  if (!body || !prop) return undefined;
  const own = prop;
  const target = resolve(catalogue, { schema: prop, base: body.ref }).schema;
  return { ...target, ...own };
}

export type Matcher = ((item: unknown) => boolean) | { error: string; filter: string };

/** One test for every filter the selection (or a default) sets; undefined when none applies. */
export function matcher(
  catalogue: Catalogue,
  op: Operation,
  selection: Selection,
  plugins: SimulatorPlugins,
  /** Read only where a filter's bound depends on the time (x-max-age-days): other answers do not. */
  now: () => number,
): Matcher | undefined {
  const tests: ((item: unknown) => boolean)[] = [];
  for (const f of op.filters) {
    const schema = filterSchema(catalogue, op, f);
    let values = selection[f.name] ?? [];
    const defaults = schema?.['x-default-when-unset'];
    if (values.length === 0 && Array.isArray(defaults)) values = defaults.map(String);
    const maxAgeDays = schema?.['x-max-age-days'];
    if (f.op === '>=' && typeof maxAgeDays === 'number') {
      const floorMs = now() - maxAgeDays * DAY_MS;
      const floor = schema && isTimestamp(schema) !== 'iso' ? Math.floor(floorMs / 1000) : floorMs;
      const asked = values.length > 0 ? instant(values[0]) : Number.NaN;
      values = [String(Number.isNaN(asked) ? floor : Math.max(asked, floor))];
    }
    if (values.length === 0) continue;
    if (f.syntax !== undefined) {
      const language = plugins.filterLanguages?.[f.syntax];
      if (!language || values.every((v) => v.trim() === '')) continue;
      try {
        tests.push(language.parse(values.join(' ')));
      } catch (error) {
        if (error instanceof FilterSyntaxError) return { error: error.message, filter: f.name };
        throw error;
      }
      continue;
    }
    const field = f.field ?? f.name;
    if (f.op === '>=') {
      const bound = instant(values[0]);
      tests.push((item) => valuesAt(item, field).some((v) => instant(v) >= bound));
    } else tests.push((item) => valuesAt(item, field).some((v) => values.includes(String(v))));
  }
  if (tests.length === 0) return undefined;
  return (item) => tests.every((t) => t(item));
}
