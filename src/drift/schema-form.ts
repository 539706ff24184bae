import type { Node } from './types.ts';

const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An enum written as a plain enum or as anyOf/oneOf of enum/const branches (our tiers), flattened. */
export interface EnumForm {
  current: unknown[];
  deprecated: unknown[];
  open: boolean;
}

export function enumForm(node: Node): EnumForm | undefined {
  if (Array.isArray(node.enum)) return { current: node.enum, deprecated: [], open: false };
  // The vendor extension x-enum lists the known values of an open string (a generator's convention).
  if (Array.isArray(node['x-enum'])) return { current: node['x-enum'], deprecated: [], open: true };
  if ('const' in node && !Array.isArray(node.anyOf)) return undefined;
  const branches = (node.anyOf ?? node.oneOf) as unknown;
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const form: EnumForm = { current: [], deprecated: [], open: false };
  for (const branch of branches) {
    if (!isNode(branch)) return undefined;
    if (branch['x-open-enum'] === true) {
      form.open = true;
      continue;
    }
    const values = Array.isArray(branch.enum) ? branch.enum : 'const' in branch ? [branch.const] : undefined;
    if (!values) return undefined;
    (branch.deprecated === true ? form.deprecated : form.current).push(...values);
  }
  return form;
}

/**
 * One comparable shape for a schema: allOf merged into one object (properties and required
 * united), a single-branch anyOf/oneOf unwrapped, and `type` as a sorted list. Annotations
 * (description, examples, title) are left for the rules to ignore.
 */
export function normalise(node: unknown, depth = 0): Node {
  if (!isNode(node)) return {};
  let out: Node = { ...node };
  if (Array.isArray(out.allOf) && depth < 20) {
    const parts = (out.allOf as unknown[]).map((p) => normalise(p, depth + 1));
    delete out.allOf;
    for (const part of parts) out = mergeInto(out, part);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = out[key];
    if (Array.isArray(list) && list.length === 1) {
      delete out[key];
      out = mergeInto(out, normalise(list[0], depth + 1));
    }
  }
  // const says what a one-value enum says: compared as the enum.
  if ('const' in out && !Array.isArray(out.enum)) {
    out.enum = [out.const];
    delete out.const;
  }
  // OpenAPI 3.0's format byte is 3.1's contentEncoding base64 (what the upgrader writes).
  if (out.format === 'byte') {
    delete out.format;
    out.contentEncoding = 'base64';
  }
  if (typeof out.type === 'string') out.type = [out.type];
  if (Array.isArray(out.type)) out.type = [...(out.type as string[])].sort();
  return out;
}

function mergeInto(into: Node, part: Node): Node {
  const merged: Node = { ...part, ...into };
  if (isNode(into.properties) || isNode(part.properties)) {
    merged.properties = { ...(part.properties as Node), ...(into.properties as Node) };
  }
  if (Array.isArray(into.required) || Array.isArray(part.required)) {
    merged.required = [
      ...new Set([...((into.required as string[]) ?? []), ...((part.required as string[]) ?? [])]),
    ];
  }
  return merged;
}

export { isNode };
