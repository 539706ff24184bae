/**
 * The envelope rules an API declares (x-envelope in its openapi.json), applied to one body: where a
 * success flag, the data and the error list live, and what a success or a failure must say.
 */
import { type EnvelopeSpec, type JobCondition, pointerSegments } from '../../catalogue/index.ts';

/** What an envelope rule found: a failure where a document says it, a warning where the documents leave it open. */
export interface EnvelopeProblem {
  status: 'fail' | 'warn';
  message: string;
}

const problem = (status: 'fail' | 'warn', message: string): EnvelopeProblem => ({ status, message });

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The values at a pointer; a '*' segment fans out over an array's items. */
export function valuesAt(body: unknown, pointer: string): unknown[] {
  if (pointer === '') return [body];
  const segments = pointerSegments(pointer);
  // The common case, no '*': one value or none, without the fan-out's lists.
  if (!segments.includes('*')) {
    let node = body;
    for (const segment of segments) {
      if (Array.isArray(node) && /^\d+$/.test(segment)) node = node[Number(segment)];
      else if (isRecord(node) && segment in node) node = node[segment];
      else return [];
      if (node === undefined) return [];
    }
    return [node];
  }
  let nodes: unknown[] = [body];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const node of nodes) {
      if (segment === '*' && Array.isArray(node)) next.push(...node);
      else if (Array.isArray(node) && /^\d+$/.test(segment)) next.push(node[Number(segment)]);
      else if (isRecord(node) && segment in node) next.push(node[segment]);
    }
    nodes = next.filter((n) => n !== undefined);
  }
  return nodes;
}

/** A value that says something: a non-empty string or array, a non-zero number, true, an object. */
function says(value: unknown): boolean {
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'boolean') return value;
  return isRecord(value);
}

export function conditionHolds(body: unknown, condition: JobCondition): boolean {
  const values = valuesAt(body, condition.pointer).filter((v) => v !== null && v !== '');
  if (condition.in) return values.some((v) => condition.in!.includes(String(v)));
  return values.length > 0;
}

/** The first problem of a body against its API's envelope, or undefined when it agrees with the status. */
export function envelopeProblem(
  spec: EnvelopeSpec,
  status: number,
  body: Record<string, unknown>,
): EnvelopeProblem | undefined {
  const ok = status >= 200 && status < 300;
  const flag = spec.successFlag;
  if (flag) {
    const [value] = valuesAt(body, flag.pointer);
    const name = flag.pointer.slice(1);
    const onFailure = flag.onFailure ?? false;
    if (!ok && value !== onFailure) return problem('fail', `${name} is ${String(value)} on a failure`);
    if (ok && value === onFailure)
      return problem(flag.falseOnSuccess ?? 'fail', `${name} is ${String(value)} on a success`);
    if (ok && typeof value !== 'boolean') return problem('fail', `${name} is ${String(value)} on a success`);
  }
  if (!ok && spec.errors) {
    const [list] = valuesAt(body, spec.errors.pointer);
    const name = spec.errors.pointer.slice(1);
    if (!Array.isArray(list)) return problem('fail', `${name} is missing on a failure`);
    if (list.length === 0) return problem(spec.errors.empty ?? 'fail', `${name} is empty on a failure`);
  }
  if (ok && spec.dataOnSuccess && spec.data !== undefined && valuesAt(body, spec.data).length === 0)
    return problem('fail', `${spec.data.slice(1)} is missing on a success`);
  if (!ok) {
    const rule = spec.errorSays?.find((r) => !r.statuses || r.statuses.includes(status));
    if (rule && !rule.anyOf.some((p) => valuesAt(body, p).some(says)))
      return problem(rule.severity, `error body says nothing at ${rule.anyOf.join(' or ')}`);
  }
  if (ok) {
    for (const rule of spec.successSays ?? []) {
      if (rule.when && !conditionHolds(body, rule.when)) continue;
      const bad = valuesAt(body, rule.pointer).find((v) => !rule.allowed.includes(v));
      if (bad !== undefined)
        return problem(
          rule.severity,
          `${rule.pointer} is ${JSON.stringify(bad)} on a success (expected ${rule.allowed.map((a) => JSON.stringify(a)).join(' or ')})`,
        );
    }
  }
  return undefined;
}

/** True when every rule about error bodies only warns: their fields are all optional. */
export function errorBodyIsOpen(spec: EnvelopeSpec): boolean {
  return !spec.errors && !spec.successFlag && (spec.errorSays ?? []).every((r) => r.severity === 'warn');
}
