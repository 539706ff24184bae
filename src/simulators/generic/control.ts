/**
 * The standard provider states (Pact `given`) every simulator answers, for any API: values are keyed
 * by the job id's path parameter (x-lifecycle jobId.parameter), so an interaction can use them as is.
 */

import { createRng } from '../data.ts';
import { type ProviderStates, UNSUPPORTED } from '../provider-states.ts';
import type { Auth } from './auth.ts';
import type { Collections } from './collections.ts';
import type { JobStore } from './lifecycle.ts';
import type { ApiModel } from './model.ts';
import { jobIdShape } from './seeding.ts';
import { makeId } from './values.ts';

/** An id of the documented shape that no job has. */
export function unknownId(model: ApiModel, store: JobStore): string {
  const rng = createRng(4041, `${model.api.id}-unknown`);
  const shape = jobIdShape(model);
  for (let i = 0; i < 20; i++) {
    const id = shape.digits ? String(999_000_000 + i) : makeId(shape, i, rng);
    if (!store.get(id)) return id;
  }
  return 'zzunknown4041';
}

/**
 * Each state's values also name the path values of the collection it set up (x-lifecycle
 * collection), so an interaction can use them as they are.
 */
export function providerStates(
  model: ApiModel,
  collections: Collections,
  auth: Auth,
  named: Readonly<Record<string, string>>,
): ProviderStates {
  const oauth = Object.values(model.api.securitySchemes).some((s) => s.type === 'oauth2');
  const key = model.idParam ?? 'id';
  const store = () => collections.main();
  const some = () => store().list(false)[0];
  return {
    'jobs exist': () => ({ ...named, count: store().list(false).length }),
    'no jobs': () => {
      const empty = collections.emptyValues();
      if (empty) return empty;
      store().clear();
      return { ...named };
    },
    'a job exists': () => {
      const job = some() ?? store().create(undefined);
      return { ...named, [key]: job.id };
    },
    'a running job exists': () => ({ ...named, [key]: store().running().id }),
    'an ended job exists': () => {
      let job = store().endedJob();
      if (!job) {
        job = store().create(undefined);
        store().cancel(job);
      }
      return { ...named, [key]: job.id };
    },
    'no job exists with the id': () => ({ ...named, [key]: unknownId(model, store()) }),
    'a job was just created': () => {
      const job = store().create(undefined);
      return { ...named, [key]: job.id };
    },
    'no job was created recently': () => {
      store().lastCreatedMs = undefined;
      return { ...named };
    },
    // Only an OAuth2 API issues access tokens.
    'an access token exists': oauth
      ? (params) => {
          const asked =
            typeof params.scope === 'string' ? params.scope.split(/\s+/).filter(Boolean) : undefined;
          const token = auth.issue(asked);
          return { token, access_token: token };
        }
      : UNSUPPORTED,
  };
}
