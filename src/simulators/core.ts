/**
 * The contract every API simulator implements, and the options of the host that serves them.
 *
 * A simulator module (src/simulators/<provider>/) serves one server group: the APIs that share a
 * server at the real provider (both Cloudflare surfaces; Vectara v1 and v2; Emporix). The host
 * (host.ts) owns the node:http server, the control surface, the request log and every fault that
 * works the same for every API (status, content type, content length, transport); a simulator owns
 * routing, state, auth, paging and the faults that break its provider's own rules.
 */

import type { Dispatcher } from 'undici';
import type { ApiId, Catalogue, Operation } from '../catalogue/index.ts';
import type { Target } from '../core/index.ts';
import type { Rng } from './data.ts';
import type { FaultId } from './faults.ts';
import type { HostileSizes } from './hostile-bodies.ts';
import type { SimulatorPlugins } from './plugins.ts';
import type { ProviderStates } from './provider-states.ts';

/** One HTTP request as a simulator sees it. */
export interface SimRequest {
  method: string;
  /** Path relative to the group's base path, without the query: '/accounts/a/ai-search/instances/x/jobs'. */
  path: string;
  query: URLSearchParams;
  /** Header names lower-cased; repeated headers joined with ', '. */
  headers: Readonly<Record<string, string>>;
  /** The body as received ('' when none). */
  rawBody: string;
  /** The parsed body when rawBody is non-empty JSON. */
  json?: unknown;
  /** Why a non-empty rawBody is not JSON. */
  jsonError?: string;
}

/**
 * What a simulator answers. Exactly one of `json` (serialised by the host) or `text` (+ contentType)
 * carries a body; neither means no body (204).
 */
export interface SimResponse {
  status: number;
  /** Extra response headers, lower-case names (retry-after, x-total-count …). */
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  contentType?: string;
  /** The API the request belonged to, when the simulator could tell (for the request log). */
  api?: ApiId;
  /** The catalogue operation that served it: the host reads `writes` (status.undocumented hits reads only). */
  operation?: Operation;
}

/** Options for rate limiting (429 with retry-after and the headers x-rate-limit names). */
export interface RateLimitOptions {
  requests: number;
  windowSeconds: number;
}

/** Everything a simulator needs from the host; one per server group. */
export interface SimContext {
  readonly catalogue: Catalogue;
  /** The active faults; the host mutates this set in place on setFaults(). */
  readonly faults: ReadonlySet<FaultId>;
  /** True when the fault is active and applies to the API (faults.ts `apis`). */
  hasFault(id: FaultId, api: ApiId): boolean;
  readonly seed: number;
  /** A deterministic random stream: same seed and stream name, same numbers. */
  rng(stream: string): Rng;
  /**
   * Milliseconds since the epoch, on the line of time of `api` where time is simulated per API (a
   * mock run); injectable so lifecycle tests need no sleeping.
   */
  now(api?: ApiId): number;
  /** How many jobs to seed per API. */
  readonly jobs: number;
  /** How long a created job runs before it ends on its own. */
  readonly jobDurationMs: number;
  /** Minimum gap between two creates (Cloudflare "Sync in cooldown."). */
  readonly cooldownMs: number;
  /** Rate limiting, when enabled. */
  readonly rateLimit?: RateLimitOptions;
  /** The credential values this group accepts (module defaults merged with start options). */
  readonly credentials: Readonly<Record<string, string>>;
  /** What providers add where their folders cannot declare it (plugins.ts); empty when none was given. */
  readonly plugins: SimulatorPlugins;
}

/** A provider state a contract (Pact) or test can ask for; returns values the interaction may use. */

/** One server group's live simulator. */
export interface ApiSimulator {
  handle(req: SimRequest): SimResponse | Promise<SimResponse>;
  /**
   * The API's own error body for a status the host produces itself (503-burst, 429-storm, unknown
   * control paths): the Cloudflare envelope, google.rpc.Status, ErrorMessage …
   */
  errorResponse(req: SimRequest, status: number, message: string): SimResponse;
  /** Back to the seeded state: jobs, cooldowns, rate-limit windows, tokens. */
  reset(): void;
  /** End every running job now (all served APIs, or one); returns how many ended. */
  advanceJobs(api?: ApiId): number;
  /** The standard provider states (provider-states.ts), e.g. 'a running job exists' → { job_id }. */
  providerStates: ProviderStates;
  /** Where and how a client reaches `api` on this simulator; baseUrl is origin + basePath. */
  target(api: ApiId, baseUrl: string): Target;
}

/** A server group's module; registry.ts lists them. */
export interface SimulatorModule {
  /** Short group name: 'cloudflare', 'vectara', 'emporix' (CLI output, credentials option). */
  name: string;
  apis: readonly ApiId[];
  /** Path prefix the real server hangs the API paths off: '/client/v4' for Cloudflare, '' otherwise. */
  basePath: string;
  /** Credentials accepted unless start options override them (documented in the CLI output). */
  defaultCredentials: Readonly<Record<string, string>>;
  create(ctx: SimContext): ApiSimulator;
}

/** Timing and size knobs of the transport faults (defaults match the engine's client defaults). */
export interface TransportOptions {
  /** transport.slow delay; default 3500 ms (past the default 3 s client timeout). */
  slowMs?: number;
  /** transport.drip: bytes per chunk (default 4) and pause between chunks (default 400 ms). */
  dripBytes?: number;
  dripIntervalMs?: number;
  /** transport.oversized-body: minimum body size; default 8 MiB + 1 KiB. */
  oversizeBytes?: number;
  /** Sizes of the hostile-body faults (hostile-bodies.ts HOSTILE_SIZES); smaller ones keep unit tests fast. */
  hostile?: Partial<HostileSizes>;
}

export interface StartOptions {
  /** APIs to serve; default every API a registered module serves. */
  apis?: readonly ApiId[];
  seed?: number;
  /** Jobs seeded per API; default 300. */
  jobs?: number;
  faults?: readonly FaultId[];
  /** Port of the first server group; the next groups take the following ports. 0 (default) = ephemeral. */
  port?: number;
  host?: string;
  /**
   * false: no control surface (`/__simulator/...` is answered as any unknown path), so the servers
   * offer only the provider's API, as a real implementation does; default true.
   */
  control?: boolean;
  cooldownMs?: number;
  jobDurationMs?: number;
  /** true = the catalogue's documented limit (x-rate-limit); an object = a custom limit. */
  rateLimit?: boolean | RateLimitOptions;
  /** The clock: real time by default; a mock run's simulated time takes the API whose time it asks. */
  now?: (api?: ApiId) => number;
  /** Credential values per group name, overriding the module's defaults. */
  credentials?: Partial<Record<string, Record<string, string>>>;
  transport?: TransportOptions;
  catalogue?: Catalogue;
  /** Provider plugins (src/providers' simulatorPlugins): the runner and the CLI hand them in. */
  plugins?: SimulatorPlugins;
  /** Modules to use instead of the registry (tests of the host). */
  modules?: readonly SimulatorModule[];
}

/** One served request, for tests that count what a run sent (live-safety: no writes). */
export interface RequestLogEntry {
  api?: ApiId;
  operation?: string;
  method: string;
  path: string;
  status: number;
}

export interface SimulatorServer {
  name: string;
  apis: readonly ApiId[];
  /** http://host:port (no base path); the control surface is at `${origin}/__simulator/`. */
  origin: string;
  /** origin + basePath: the URL the API paths hang off. */
  baseUrl: string;
  credentials: Readonly<Record<string, string>>;
}

export interface SimulatorSet {
  /** A Target per served API, with credentials the simulator accepts. */
  targets: Partial<Record<ApiId, Target>>;
  /** The Target of a served API; throws when the API is not served. */
  target(api: ApiId): Target;
  servers: readonly SimulatorServer[];
  /** Every API request served (control requests excluded), oldest first; capped at 100,000. */
  requests: RequestLogEntry[];
  /**
   * The undici Dispatcher that serves this origin's requests in memory, the same as over its socket
   * (memory-dispatcher.ts); undefined for another origin, and while a fault is on (the answer may act
   * on the wire or on time).
   */
  memoryDispatcher(origin: string): Dispatcher | undefined;
  /** End every running job now; returns how many ended. */
  advanceJobs(api?: ApiId): number;
  setFaults(faults: readonly FaultId[]): void;
  readonly faults: ReadonlySet<FaultId>;
  /** Set up a named provider state on the simulator serving `api`. */
  providerState(
    api: ApiId,
    state: string,
    params?: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  /** Seeded state again, request log cleared; faults kept. */
  reset(): void;
  close(): Promise<void>;
}
