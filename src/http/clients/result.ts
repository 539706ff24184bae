import type { Exchange } from '../../core/index.ts';
import type { CallOptions } from '../call.ts';

/** What a typed client call returns: the recorded exchange, and the body typed by its status class. */
export interface ApiResult<T, E = unknown> {
  exchange: Exchange;
  /** The parsed JSON of a 2xx answer (as recorded, not validated: the checks validate). */
  body?: T;
  /** The parsed JSON of a 4xx or 5xx answer. */
  errorBody?: E;
}

/** The per-call knobs a typed client passes through to callOperation. */
export type CallExtras = Pick<
  CallOptions,
  'auth' | 'scope' | 'label' | 'headers' | 'retry' | 'followRedirects' | 'timeoutMs' | 'signal'
>;

export function toResult<T, E>(exchange: Exchange): ApiResult<T, E> {
  const status = exchange.response?.status;
  if (exchange.error || status === undefined || exchange.json === undefined) return { exchange };
  if (status >= 200 && status < 300) return { exchange, body: exchange.json as T };
  if (status >= 400) return { exchange, errorBody: exchange.json as E };
  return { exchange };
}
