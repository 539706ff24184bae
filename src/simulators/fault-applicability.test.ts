import { describe, expect, test } from 'vitest';
import { getCatalogue } from '../catalogue/index.ts';
import { FAULTS, faultApplies } from './faults.ts';

/**
 * The five first APIs' fault applicability, as the per-API lists had it before applicability was
 * read from each API's declarations: the predicates must give exactly this.
 */
const CLOUDFLARE = ['cloudflare-ai-search', 'cloudflare-ai-search-namespaced'];
const VECTARA = ['vectara-v1', 'vectara-v2'];
const EMPORIX = ['emporix-ai-service'];
const FIRST_FIVE = [...CLOUDFLARE, ...VECTARA, ...EMPORIX];
const BEFORE: Record<string, readonly string[]> = {
  'envelope.success-contradicts-status': CLOUDFLARE,
  'body.enum-deprecated': EMPORIX,
  'body.pattern-violation': VECTARA,
  'headers.retry-after-missing': CLOUDFLARE,
  'pagination.wrong-total': [...CLOUDFLARE, ...EMPORIX],
  'pagination.data-past-end': [...CLOUDFLARE, ...EMPORIX],
  'pagination.cursor-repeats': VECTARA,
  'pagination.cursor-never-ends': VECTARA,
  'auth.scope-not-enforced': EMPORIX,
  'input.id-not-validated': CLOUDFLARE,
  'input.malformed-body-accepted': [...CLOUDFLARE, 'vectara-v1', ...EMPORIX],
  'lifecycle.delete-not-deleting': EMPORIX,
  'lifecycle.cancel-ended-accepted': CLOUDFLARE,
  'lifecycle.never-ends': CLOUDFLARE,
  'lifecycle.created-not-listed': CLOUDFLARE,
  'filter.non-matching': [...VECTARA, ...EMPORIX],
  'sort.ignored': EMPORIX,
  // Added with the generated checks: where a documented (not inferred) 400 covers what they break.
  'input.fraction-accepted': CLOUDFLARE,
  'input.enum-case-ignored': CLOUDFLARE,
  'input.overlong-string-accepted': CLOUDFLARE,
  'lifecycle.cancelled-resumes': CLOUDFLARE,
  // Added with the default namespace: the instance paths declare the namespaced API's jobs theirs.
  'consistency.same-jobs-apart': ['cloudflare-ai-search'],
};

describe('fault applicability is read from the declarations', () => {
  const catalogue = getCatalogue();
  test.each(FAULTS.map((f) => f.id))('%s: the first five APIs as before', (id) => {
    const expected = BEFORE[id] ?? FIRST_FIVE;
    const now = FIRST_FIVE.filter((api) => faultApplies(id, catalogue.api(api)));
    expect(now).toEqual(expected);
  });
});
