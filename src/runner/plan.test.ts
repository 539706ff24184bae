import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.ts';
import { selectChecks } from './plan.ts';

const ids = (pattern?: string) => selectChecks(pattern).map((c) => c.id);

describe('selectChecks', () => {
  it('selects every check by default and by *', () => {
    expect(ids()).toEqual(CHECKS.map((c) => c.id));
    expect(ids('*')).toEqual(CHECKS.map((c) => c.id));
  });

  it('selects by id and glob', () => {
    expect(ids('enum.known')).toEqual(['enum.known']);
    expect(ids('pagination.*').every((id) => id.startsWith('pagination.'))).toBe(true);
  });

  it('excludes with !pattern: alone it means every check but those', () => {
    expect(ids('!enum.known')).toEqual(CHECKS.map((c) => c.id).filter((id) => id !== 'enum.known'));
    const paging = ids('pagination.*, !pagination.no-skips');
    expect(paging).not.toContain('pagination.no-skips');
    expect(paging).toContain('pagination.no-duplicates');
    expect(ids('!pagination.*').some((id) => id.startsWith('pagination.'))).toBe(false);
  });

  it('refuses an entry that matches no check, and a selection that leaves none', () => {
    expect(() => selectChecks('!enum.nope')).toThrow(/--check '!enum\.nope' matches no check/);
    expect(() => selectChecks('!')).toThrow(/--check '!' matches no check/);
    expect(() => selectChecks('enum.known,!enum.*')).toThrow(/leaves no check to run/);
  });
});
