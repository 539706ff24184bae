import { describe, expect, it } from 'vitest';
import { compareSchemas } from '../compare-schema.ts';
import type { Difference } from '../types.ts';

function differences(official: unknown, ours: unknown): Omit<Difference, 'id' | 'operation'>[] {
  const found: Omit<Difference, 'id' | 'operation'>[] = [];
  compareSchemas(official, ours, 'body', ({ oursNode: _, ...d }) => found.push(d));
  return found;
}

describe('schema rules', () => {
  it('reads a one-value enum as const, and OpenAPI 3.0 byte as base64 content', () => {
    expect(differences({ enum: [false] }, { const: false })).toEqual([]);
    expect(
      differences({ type: 'string', format: 'byte' }, { type: 'string', contentEncoding: 'base64' }),
    ).toEqual([]);
  });

  it('ignores a number width named on one side only, not a validating format', () => {
    expect(differences({ type: 'integer', format: 'int64' }, { type: 'integer' })).toEqual([]);
    expect(differences({ type: 'string', format: 'date-time' }, { type: 'string' })).toEqual([
      { kind: 'bound-changed', where: 'body', detail: 'format', official: 'date-time', ours: undefined },
    ]);
  });

  it('places an added enum value in our tier: closed, or open with an x-open-enum branch', () => {
    const official = { type: 'string', enum: ['a', 'b'] };
    expect(differences(official, { type: 'string', enum: ['a'] })[0]).toMatchObject({
      detail: 'b',
      tier: 'closed',
    });
    const open = { anyOf: [{ enum: ['a'] }, { type: 'string', 'x-open-enum': true }] };
    expect(differences(official, open)[0]).toMatchObject({
      kind: 'enum-value-added',
      detail: 'b',
      tier: 'open',
    });
  });

  it('keeps a deprecated branch apart from a current value the document dropped', () => {
    const ours = { anyOf: [{ enum: ['a', 'c'] }, { const: 'old', deprecated: true }] };
    expect(differences({ enum: ['a'] }, ours).map((d) => [d.kind, d.detail, d.tier])).toEqual([
      ['enum-value-removed', 'c', 'current'],
      ['enum-value-removed', 'old', 'deprecated'],
    ]);
  });

  it('merges allOf before comparing fields, and walks into items', () => {
    const official = {
      type: 'array',
      items: {
        allOf: [{ properties: { id: { type: 'string' } } }, { required: ['id'], properties: { n: {} } }],
      },
    };
    const ours = { type: 'array', items: { properties: { id: { type: 'integer' }, n: {} } } };
    expect(differences(official, ours).map((d) => [d.kind, d.where])).toEqual([
      ['field-required', 'body/*/id'],
      ['type-changed', 'body/*/id'],
    ]);
  });

  it('stops on cyclic documents', () => {
    const a: Record<string, unknown> = { type: 'object' };
    a.properties = { self: a };
    expect(differences(a, a)).toEqual([]);
  });
});
