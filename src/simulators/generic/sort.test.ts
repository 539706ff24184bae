import { describe, expect, it } from 'vitest';
import { getCatalogue } from '../../catalogue/index.ts';
import { sortItems, sortKeys } from './sort.ts';

/** x-sort 'field:asc|desc, comma-separated' (Emporix): the keys a sort parameter asks for, applied. */
const spec = getCatalogue().api('emporix-ai-service').sort;
if (!spec) throw new Error('emporix-ai-service declares x-sort');
const sortParam = getCatalogue()
  .operation('emporix-ai-service', 'listJobs')
  .parameters.find((p) => p.name === spec.param);

const jobs = [
  {
    id: 'a1',
    message: 'Imported 3 agents',
    metadata: { version: 1, createdAt: '2026-01-05T10:00:00.000Z' },
  },
  { id: 'b2', metadata: { version: 3, createdAt: '2026-02-01T00:00:00.000Z' } },
  {
    id: 'c3',
    message: 'Thinking about "quotes"',
    metadata: { version: 2, createdAt: '2026-03-10T12:30:00.000Z' },
  },
];

const order = <T>(sort: string, items: T[]) => {
  const sorted = sortItems(items, sortKeys(spec, sort));
  return sorted.map((item) => items.indexOf(item));
};

describe('generic sort (x-sort field:asc|desc, comma-separated)', () => {
  it('validates the sort parameter by its documented pattern', () => {
    expect(sortParam?.schema.validate('metadata.createdAt:desc')).toBe(true);
    for (const bad of ['', 'status:up', 'status:asc,', ',status', 'a b', 'status:ASC'])
      expect(sortParam?.schema.validate(bad), bad).toBe(false);
  });

  it('sorts ascending by default and descending on request', () => {
    expect(order('metadata.version', jobs)).toEqual([0, 2, 1]);
    expect(order('metadata.version:asc', jobs)).toEqual([0, 2, 1]);
    expect(order('metadata.version:desc', jobs)).toEqual([1, 2, 0]);
    expect(order('metadata.createdAt:desc', jobs)).toEqual([2, 1, 0]);
  });

  it('breaks ties with the next key, then keeps the original order', () => {
    const items = [
      { s: 'b', n: 1 },
      { s: 'a', n: 2 },
      { s: 'b', n: 0 },
      { s: 'a', n: 2 },
    ];
    expect(order('s:asc,n:desc', items)).toEqual([1, 3, 0, 2]);
    expect(order('s:desc,n:asc', items)).toEqual([2, 0, 1, 3]);
  });

  it('puts items without the field last in either direction', () => {
    expect(order('message:asc', jobs)).toEqual([0, 2, 1]);
    expect(order('message:desc', jobs)).toEqual([2, 0, 1]);
  });
});
