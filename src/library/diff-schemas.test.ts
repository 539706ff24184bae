import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/index.ts';
import { diffSchemas } from './index.ts';

const official = new URL(
  '../../../shared/provider-docs/official/vectara-v2-jobs.openapi.json',
  import.meta.url,
);

describe('diffSchemas (the library face of `schemas diff`)', () => {
  it('finds every difference of an official extract recorded', async () => {
    const result = await diffSchemas({ api: 'vectara-v2', official: official.pathname });
    expect(result.unrecorded).toBe(0);
    expect(result.differences.length).toBeGreaterThan(0);
  });

  it('names the known APIs for an unknown one', async () => {
    await expect(diffSchemas({ api: 'vectara-v3', official: official.pathname })).rejects.toThrow(UsageError);
    await expect(diffSchemas({ api: 'vectara-v3', official: official.pathname })).rejects.toThrow(
      /unknown API 'vectara-v3' .*known: .*vectara-v2/,
    );
  });
});
