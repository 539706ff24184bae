/**
 * The Emporix standard `q` query: space-separated terms, ANDed, each `field:condition`.
 * Conditions: `value`, `"quoted value"`, `>v` `<v` `>=v` `<=v`, ranges `(>=a AND <=b)`, lists `(a,b)`,
 * regex `~abc`, and the keywords `null`, `exists`, `missing`. Fields may be nested with dots
 * (`metadata.createdAt`); a path through an array matches when any element matches.
 */

import { type FilterLanguage, FilterSyntaxError } from '../../simulators/index.ts';

/** A `q` the simulator cannot parse; the server answers 400 ErrorMessage with this message. */
export class QuerySyntaxError extends FilterSyntaxError {
  override name = 'QuerySyntaxError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

export type Comparator = '>' | '<' | '>=' | '<=';

export type Condition =
  | { kind: 'equals'; value: string }
  | { kind: 'compare'; op: Comparator; value: string }
  | { kind: 'range'; bounds: { op: Comparator; value: string }[] }
  | { kind: 'one-of'; values: string[] }
  | { kind: 'regex'; pattern: RegExp }
  | { kind: 'null' }
  | { kind: 'exists' }
  | { kind: 'missing' };

export interface QueryTerm {
  field: string;
  path: string[];
  condition: Condition;
}

export interface Query {
  terms: QueryTerm[];
  /** True when the job satisfies every term. */
  matches(job: unknown): boolean;
}

const FIELD_CHAR = /[A-Za-z0-9_.]/;
/** Where a bare value stands, which decides the characters that end it. */
type Context = 'top' | 'group' | 'regex';

const KEYWORDS = new Set(['null', 'exists', 'missing']);

/** Parses a `q`; an empty or blank string is the query that matches everything. */
export function parseQuery(text: string): Query {
  const terms = new Parser(text).terms();
  const predicates = terms.map(compileTerm);
  return {
    terms,
    matches: (job) => {
      for (const predicate of predicates) if (!predicate(job)) return false;
      return true;
    },
  };
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  terms(): QueryTerm[] {
    const terms: QueryTerm[] = [];
    this.skipSpace();
    while (this.pos < this.text.length) {
      terms.push(this.term());
      const before = this.pos;
      this.skipSpace();
      if (this.pos < this.text.length && before === this.pos) this.fail('expected a space between terms');
    }
    return terms;
  }

  private term(): QueryTerm {
    const start = this.pos;
    while (this.pos < this.text.length && FIELD_CHAR.test(this.peek())) this.pos++;
    const field = this.text.slice(start, this.pos);
    if (field === '') this.fail(`expected a field name, found '${this.peek()}'`);
    const path = field.split('.');
    if (path.some((segment) => segment === '')) this.fail(`field '${field}' has an empty segment`, start);
    if (this.peek() !== ':') this.fail(`expected ':' after field '${field}'`);
    this.pos++;
    return { field, path, condition: this.condition(field) };
  }

  private condition(field: string): Condition {
    const c = this.peek();
    if (c === '') this.fail(`expected a value after '${field}:'`);
    if (c === '(') return this.group(field);
    if (c === '~') {
      this.pos++;
      const at = this.pos;
      const source = this.value(field, 'regex');
      try {
        return { kind: 'regex', pattern: new RegExp(source) };
      } catch (error) {
        this.fail(`invalid regular expression for '${field}': ${(error as Error).message}`, at);
      }
    }
    const op = this.comparator();
    if (op) return { kind: 'compare', op, value: this.value(field, 'top') };
    if (c !== '"') {
      const word = this.bareWord('top');
      if (KEYWORDS.has(word)) return { kind: word as 'null' | 'exists' | 'missing' };
      this.pos -= word.length;
    }
    return { kind: 'equals', value: this.value(field, 'top') };
  }

  /** `(>=a AND <=b)` or `(a,b,c)`. */
  private group(field: string): Condition {
    this.pos++;
    this.skipSpace();
    if (this.peek() === '>' || this.peek() === '<') {
      const bounds: { op: Comparator; value: string }[] = [];
      for (;;) {
        const op = this.comparator();
        if (!op) this.fail(`expected a comparison (>, <, >=, <=) in the range of '${field}'`);
        bounds.push({ op, value: this.value(field, 'group') });
        this.skipSpace();
        if (this.peek() === ')') break;
        if (!this.text.startsWith('AND', this.pos))
          this.fail(`expected 'AND' or ')' in the range of '${field}'`);
        this.pos += 3;
        this.skipSpace();
      }
      this.pos++;
      return { kind: 'range', bounds };
    }
    const values: string[] = [];
    for (;;) {
      values.push(this.value(field, 'group'));
      this.skipSpace();
      const c = this.peek();
      if (c === ')') break;
      if (c !== ',') this.fail(`expected ',' or ')' in the values of '${field}'`);
      this.pos++;
      this.skipSpace();
    }
    this.pos++;
    return { kind: 'one-of', values };
  }

  private comparator(): Comparator | undefined {
    for (const op of ['>=', '<=', '>', '<'] as const) {
      if (this.text.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    return undefined;
  }

  private value(field: string, context: Context): string {
    if (this.peek() === '"') return this.quoted(field);
    const at = this.pos;
    const word = this.bareWord(context);
    if (word === '') this.fail(`expected a value for '${field}'`, at);
    return word;
  }

  private quoted(field: string): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (c === '\\' && this.pos + 1 < this.text.length) {
        out += this.text[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (c === '"') {
        this.pos++;
        return out;
      }
      out += c;
      this.pos++;
    }
    return this.fail(`unterminated quoted value for '${field}'`, start);
  }

  /**
   * A run of characters up to whitespace (or ',' and ')' inside a group); quotes and parentheses are
   * errors except in a regex, where groups are common.
   */
  private bareWord(context: Context): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (/\s/.test(c)) break;
      if (context === 'group' && (c === ',' || c === ')')) break;
      if (context !== 'regex' && (c === '(' || c === ')' || c === '"')) this.fail(`unexpected '${c}'`);
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private fail(message: string, position = this.pos): never {
    throw new QuerySyntaxError(`invalid q: ${message}`, position);
  }
}

/** Every value at a dotted path; arrays along the way fan out. Absent and null are not collected. */
export function valuesAtPath(root: unknown, path: readonly string[]): unknown[] {
  let frontier: unknown[] = [root];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const node of frontier) {
      if (Array.isArray(node)) {
        for (const item of node) {
          const v =
            item !== null && typeof item === 'object'
              ? (item as Record<string, unknown>)[segment]
              : undefined;
          if (v !== undefined) next.push(v);
        }
      } else if (node !== null && typeof node === 'object') {
        const v = (node as Record<string, unknown>)[segment];
        if (v !== undefined) next.push(v);
      }
    }
    frontier = next;
  }
  return frontier.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Orders a field value against a query literal: numbers numerically, ISO instants by time, anything
 * else as strings. Returns undefined when the two cannot be compared (a number against a word).
 */
export function compareToLiteral(value: unknown, literal: string): number | undefined {
  if (typeof value === 'number') {
    const n = Number(literal);
    return literal.trim() === '' || Number.isNaN(n) ? undefined : Math.sign(value - n);
  }
  if (typeof value === 'boolean') {
    if (literal !== 'true' && literal !== 'false') return undefined;
    return value === (literal === 'true') ? 0 : value ? 1 : -1;
  }
  if (typeof value !== 'string') return undefined;
  if (ISO_DATE.test(literal) && ISO_DATE.test(value)) {
    const a = Date.parse(value);
    const b = Date.parse(literal);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return Math.sign(a - b);
  }
  return value < literal ? -1 : value > literal ? 1 : 0;
}

function satisfies(value: unknown, op: Comparator, literal: string): boolean {
  const c = compareToLiteral(value, literal);
  if (c === undefined) return false;
  switch (op) {
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
  }
}

function compileTerm(term: QueryTerm): (job: unknown) => boolean {
  const { path, condition } = term;
  const present = (job: unknown) => valuesAtPath(job, path).filter((v) => v !== null);
  switch (condition.kind) {
    case 'exists':
      return (job) => present(job).length > 0;
    case 'missing':
      return (job) => valuesAtPath(job, path).length === 0;
    case 'null':
      return (job) => present(job).length === 0;
    case 'equals':
      return (job) => present(job).some((v) => compareToLiteral(v, condition.value) === 0);
    case 'one-of':
      return (job) =>
        present(job).some((v) => condition.values.some((lit) => compareToLiteral(v, lit) === 0));
    case 'compare':
      return (job) => present(job).some((v) => satisfies(v, condition.op, condition.value));
    case 'range':
      return (job) => present(job).some((v) => condition.bounds.every((b) => satisfies(v, b.op, b.value)));
    case 'regex':
      return (job) => present(job).some((v) => typeof v !== 'object' && condition.pattern.test(String(v)));
  }
}

/** The simulators' plugin for x-filters syntax 'emporix-q': a `q` read into a test of a job. */
export const emporixFilterLanguage: FilterLanguage = {
  parse: (text) => parseQuery(text).matches,
};
