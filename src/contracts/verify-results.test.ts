import { describe, expect, it } from 'vitest';
import { interactionOutcomes } from './verify-results.ts';

const between = 'Verifying a pact between jobs-conformance and vectara-v2';

/** The verifier's JSON result (pact_ffi), with the fields the summary reads. */
const json = JSON.stringify({
  interactionResults: [
    { description: 'getJob: success', result: 'OK' },
    { description: 'listJobs: success', result: 'Error' },
    { description: 'listJobs: empty list', result: 'Error' },
    { description: 'createJob: success', result: 'Error' },
    { description: 'getJob: status 503', result: 'Error' },
  ],
  errors: [
    {
      interaction: `${between} Given jobs exist - listJobs: success`,
      mismatch: {
        type: 'mismatches',
        mismatches: [
          { type: 'BodyMismatch', path: '$.jobs[0].state', mismatch: "Expected 'odd' to match '^(a|b)$'" },
          { type: 'StatusMismatch', mismatch: 'expected 200 but was 299', expected: 200, actual: 299 },
          { type: 'BodyMismatch', path: '$.jobs[1].state', mismatch: 'x'.repeat(500) },
        ],
      },
    },
    {
      interaction: `${between} Given no jobs - listJobs: empty list`,
      mismatch: { type: 'error', message: 'One or more of the setup state change handlers has failed' },
    },
    {
      interaction: `${between} Given no job was created recently - createJob: success`,
      mismatch: {
        type: 'mismatches',
        mismatches: [
          { type: 'StatusMismatch', expected: 201, actual: 599, mismatch: 'expected 201 but was 599' },
        ],
      },
    },
    {
      interaction: `${between} Given the service is unavailable - getJob: status 503`,
      mismatch: { type: 'error', message: 'One or more of the setup state change handlers has failed' },
    },
  ],
});

describe('one outcome per interaction from the verifier result', () => {
  const outcomes = interactionOutcomes('vectara-v2', json, {
    refused: new Map([['no jobs', 'the provider lists 3 jobs']]),
    failed: new Map([['the service is unavailable', 'setup: the list answered 500']]),
  });
  const by = (description: string) => outcomes.find((o) => o.description === description);

  it('verified, and failed with the first mismatches (long ones cut)', () => {
    expect(by('getJob: success')).toEqual({
      api: 'vectara-v2',
      description: 'getJob: success',
      status: 'verified',
    });
    expect(by('listJobs: success')?.status).toBe('failed');
    expect(by('listJobs: success')?.reason).toBe(
      "$.jobs[0].state: Expected 'odd' to match '^(a|b)$'; expected 200 but was 299 (and 1 more)",
    );
  });

  it('a state the adapter refused, and a write the guard kept back, are not verified, with why', () => {
    expect(by('listJobs: empty list')).toMatchObject({
      status: 'not verified',
      reason: "provider state 'no jobs': the provider lists 3 jobs",
    });
    expect(by('createJob: success')).toMatchObject({
      status: 'not verified',
      reason: expect.stringMatching(/a write/),
    });
  });

  it('a state whose setup failed fails the interaction, naming the state', () => {
    expect(by('getJob: status 503')).toMatchObject({
      status: 'failed',
      reason: "provider state 'the service is unavailable' not set up: setup: the list answered 500",
    });
  });

  it('a result that is not JSON is one failure', () => {
    expect(
      interactionOutcomes('vectara-v2', 'boom\nmore', { refused: new Map(), failed: new Map() }),
    ).toEqual([{ api: 'vectara-v2', description: '(all)', status: 'failed', reason: 'boom' }]);
  });
});
