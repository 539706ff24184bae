import type { ValidateFunction } from 'ajv';
import type {
  EnvelopeSpec,
  FieldSelectionSpec,
  LifecycleSpec,
  LiveSettingsSpec,
  OfficialSpec,
  RejectionOutcome,
  SortSpec,
} from './extensions.ts';

/** An API's id: the name of its folder under schemas/ (APIs are discovered from the folders). */
export type ApiId = string;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
export type JsonSchema = Record<string, unknown>;

/** A compiled schema with where it came from, so results can name the rule. */
export interface SchemaHandle {
  /** Absolute URI of the schema ($id plus JSON pointer fragment). */
  ref: string;
  /** The schema node the ref points at, with a top-level $ref chain followed (bounds, enums, defaults). */
  schema: JsonSchema;
  validate: ValidateFunction;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  style?: string;
  explode?: boolean;
  schema: SchemaHandle;
}

export interface ResponseSpec {
  /** '200', '404' … or 'default'. */
  status: string;
  description: string;
  /** Content type of the documented body; undefined for a body-less response such as 204. */
  contentType?: string;
  body?: SchemaHandle;
  headers: Record<string, SchemaHandle>;
  /** The error message the provider documents for this status (Cloudflare's "Job not found." …). */
  errorMessage?: string;
  /** Set when a status is not on the provider's page but inferred; says why. */
  inferred?: string;
}

export interface PaginationSpec {
  style: 'page-result-info' | 'cursor' | 'page-total-header' | 'after-id';
  request: {
    page?: { in: 'query' | 'body'; name: string };
    size: { in: 'query' | 'body'; name: string };
    cursor?: { in: 'query' | 'body'; name: string };
    before?: { in: 'query' | 'body'; name: string };
    total?: { in: 'header'; name: string; value: string };
  };
  response: {
    /** JSON pointer to the item array ('' for a top-level array). */
    items: string;
    nextCursor?: string;
    count?: string;
    total?: string;
    page?: string;
    perPage?: string;
    totalHeader?: string;
    /** after-id: where an item holds its id (default '/id'), the has-more flag, the reported first/last ids. */
    itemId?: string;
    hasMore?: string;
    firstId?: string;
    lastId?: string;
  };
  firstPage?: number;
  pastLastPage?: 'empty-result';
  lastPage?: 'empty-cursor' | 'missing-or-empty-cursor' | 'missing-cursor' | 'has-more-false';
  cursorOverridesOtherFields?: boolean;
  /** The page size served when the request gives none, where the size's schema documents no default. */
  defaultSize?: number;
  /** What a paging value outside its bounds gets, as documented: rejected, or open (the default). */
  outOfBounds?: { answer: 'rejected' | 'open'; why: string };
}

export interface FilterSpec {
  in: 'query' | 'body';
  name: string;
  /** The job field it filters on, for the filter checks. */
  field?: string;
  op?: '>=';
  /** A query language by name (implemented by provider code, src/providers/). */
  syntax?: string;
  /** A value of the filter no job matches (the contracts' empty list), where the syntax or field leaves it open. */
  noMatch?: unknown;
}

export interface SecurityAlternative {
  /** Scheme names that must all be present, with the scopes each needs. */
  schemes: Record<string, string[]>;
}

export interface SecurityScheme {
  name: string;
  type: 'http' | 'apiKey' | 'oauth2';
  scheme?: string;
  in?: string;
  headerName?: string;
  tokenUrl?: string;
  scopes?: string[];
}

export interface Operation {
  api: ApiId;
  id: string;
  /** `${api}:${operationId}`, unique across the catalogue. */
  key: string;
  method: HttpMethod;
  /** Path template relative to the server URL, e.g. /accounts/{account_id}/ai-search/instances/{id}/jobs. */
  path: string;
  summary: string;
  /** True for operations that change state (never sent by a read-only live run). */
  writes: boolean;
  parameters: Parameter[];
  requestBody?: { required: boolean; contentType: string; body: SchemaHandle };
  responses: Map<string, ResponseSpec>;
  /** Numeric documented statuses (without 'default'). */
  statuses: number[];
  hasDefaultResponse: boolean;
  pagination?: PaginationSpec;
  filters: FilterSpec[];
  /** The parameter that asks for only some fields of each job (x-field-selection). */
  fieldSelection?: FieldSelectionSpec;
  security: SecurityAlternative[];
}

export interface EnumTier {
  /** The $defs name, e.g. 'AgentType'. */
  name: string;
  current: string[];
  /** Values the newer official facts removed: still accepted, reported as a warning. */
  deprecated: string[];
  /** A branch marked x-open-enum admits any other value: the known values are not the whole set. */
  open?: boolean;
  schemaRef: string;
}

/** Where in a body an enum applies: path segments, '*' for every array item. */
export interface EnumSite extends EnumTier {
  path: string[];
}

export interface Api {
  id: ApiId;
  title: string;
  /** The provider's documented server URL. */
  serverUrl: string;
  /** The folder under src/providers/ with what the documents cannot declare (x-provider), if any. */
  provider?: string;
  envelope: EnvelopeSpec;
  lifecycle?: LifecycleSpec;
  liveSettings?: LiveSettingsSpec;
  sort?: SortSpec;
  sources: string[];
  openapiPath: string;
  openapi: JsonSchema;
  operations: Operation[];
  securitySchemes: Record<string, SecurityScheme>;
  authRejection: {
    statuses: number[];
    body: SchemaHandle;
    insufficientScope?: { status: number; body: SchemaHandle };
    /** A wrong credential, no credential, a malformed one (x-auth-rejection typical, missing, malformed). */
    typical?: RejectionOutcome;
    missing?: RejectionOutcome;
    malformed?: RejectionOutcome;
    /** Path parameters a credential is bound to: another value is rejected as typical. */
    boundParameters?: string[];
  };
  rateLimit?: { requests: number; windowSeconds: number; status: number; headers: string[] };
  /** The official document these schemas were last diffed against (x-official). */
  official?: OfficialSpec;
  enums: Record<string, EnumTier>;
  operation(id: string): Operation;
}
