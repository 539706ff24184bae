/** JSON pointers of every leaf where `a` and `b` differ (added, removed or changed). */
export function diffPaths(a: unknown, b: unknown, at = ''): string[] {
  if (a === b) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) return [at];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => diffPaths(a[k], b[k], `${at}/${k}`));
}
