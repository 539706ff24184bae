/**
 * The provider states every simulator's control API (`POST /__simulator/state {state, params}`)
 * fulfils: one vocabulary for every API, so the contracts' states (src/contracts/states.ts) name
 * no simulator. A simulator that cannot set one answers it as `unsupported` (the control API then
 * replies 422 `{ error, unsupported: <state> }`); a name outside the vocabulary is a 400.
 *
 * Each handler answers the values the next request needs (provider-state injection): path values
 * (a job id under the API's job parameter name, an instance…), an access token.
 */
export const PROVIDER_STATES = [
  'jobs exist',
  'no jobs',
  'a job exists',
  'a running job exists',
  'an ended job exists',
  'no job exists with the id',
  'a job was just created',
  'no job was created recently',
  'an access token exists',
] as const;
export type ProviderStateName = (typeof PROVIDER_STATES)[number];

export type ProviderStateHandler = (
  params: Record<string, unknown>,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** What a simulator answers for a state it cannot set. */
export const UNSUPPORTED = 'unsupported';

/** A simulator's provider states: a handler, or `unsupported` (a missing name is unsupported too). */
export type ProviderStates = Readonly<
  Partial<Record<ProviderStateName, ProviderStateHandler | typeof UNSUPPORTED>>
>;

export function isProviderState(name: string): name is ProviderStateName {
  return (PROVIDER_STATES as readonly string[]).includes(name);
}

/** The states a simulator can set. */
export function supportedStates(states: ProviderStates): ProviderStateName[] {
  return PROVIDER_STATES.filter((name) => typeof states[name] === 'function');
}

/** A state of the vocabulary the simulator cannot set (the control API answers 422). */
export class UnsupportedStateError extends Error {
  override name = 'UnsupportedStateError';
  constructor(
    readonly state: string,
    message: string,
  ) {
    super(message);
  }
}
