/**
 * The typed form of the x- extensions a job API's openapi.json declares (schemas/extensions.schema.json
 * defines and documents each). The catalogue validates every openapi.json against that schema before
 * reading these, so the engine can take them as typed data.
 */

export type Severity = 'fail' | 'warn';

/** A condition on a job or body: a field that is set, or a value among the listed ones. */
export interface JobCondition {
  pointer: string;
  present?: true;
  in?: string[];
}

/** Where success, data and errors live in a body, and what an answer must say (envelope.consistent). */
export interface EnvelopeSpec {
  /** Where the payload sits in a success body; undefined: the body is the payload. */
  data?: string;
  dataOnSuccess?: boolean;
  successFlag?: { pointer: string; onFailure?: boolean; falseOnSuccess?: Severity };
  errors?: {
    pointer: string;
    empty?: Severity;
    /** Pointers into one error item: its code, its message, the offending input's path segments. */
    code?: string;
    message?: string;
    inputPath?: string;
  };
  /** An informational message list every answer carries (answered empty by the generic simulator). */
  messages?: { pointer: string };
  errorSays?: { statuses?: number[]; anyOf: string[]; severity: Severity }[];
  /** Values an error answer carries beyond its message (a code by status, the status, the id asked for). */
  errorValues?: ErrorValueSpec[];
  /** Where an input error names each offending input: a name-to-message map, or a list of items. */
  fieldErrors?: { pointer: string; item?: { field: string; message: string } };
  successSays?: { pointer: string; allowed: unknown[]; severity: Severity; when?: JobCondition }[];
}

/** One value every error answer carries at a pointer (x-envelope errorValues). */
export interface ErrorValueSpec {
  pointer: string;
  byStatus?: Record<string, unknown>;
  otherwise?: unknown;
  value?: 'http-status' | 'reason-phrase' | 'requested-id' | 'omitted';
  /** Only on these statuses (and then even where the error schema does not declare the property). */
  statuses?: number[];
}

/** A query parameter listing the fields an answer holds of each job (x-field-selection). */
export interface FieldSelectionSpec {
  param: string;
  /** Between two fields (','). */
  separator: string;
  /** Between the steps of a nested field's path ('.' in metadata.version); omitted: top-level fields only. */
  nested?: string;
}

export type LifecycleRole = 'create' | 'get' | 'list' | 'cancel' | 'delete' | 'logs';

/** The life of a job: its operations by role, where its id, state and times live, when it has ended. */
export interface LifecycleSpec {
  operations: Partial<Record<LifecycleRole, string>>;
  jobId?: { parameter?: string; pointer: string };
  ended?: JobCondition[];
  state?: string;
  createdAt?: string;
  /** Where a job holds its start time, absent in the waiting states (queued …). */
  startedAt?: { pointer: string; waiting: string[] };
  cancelBody?: unknown;
  createBody?: unknown;
  secondCancel?: { status: number; message?: string };
  createCooldown?: number;
  /** Path parameters naming the collection the jobs live in (namespace, instance), outermost first. */
  collection?: string[];
  /** Another API whose jobs these are, at its paths with these path values (Cloudflare's default namespace). */
  sameJobsAs?: { api: string; pathValues: Record<string, string> };
  /** Where an ended job says why, and what it says for each way of ending. */
  endReason?: { pointer: string; completed: string; cancelled: string; failed?: string };
}

/** One kind of auth rejection (x-auth-rejection typical, missing, malformed). */
export interface RejectionOutcome {
  status: number;
  code?: number | string;
  message?: string;
}

/** One live setting: the environment variable and how its value is checked. */
export interface SettingSpec {
  env: string;
  default?: string;
  pattern?: string;
  fix?: string;
  secret?: boolean;
  /** The value names the credentials' account: the simulator refuses another with a 403. */
  account?: boolean;
}

export type CredentialField = 'token' | 'value' | 'username' | 'password' | 'clientId' | 'clientSecret';
export type CredentialSettings = Partial<Record<CredentialField, SettingSpec>>;

/** What a live run reads from the environment to reach one API. */
export interface LiveSettingsSpec {
  baseUrl?: SettingSpec;
  pathParameters?: Record<string, SettingSpec>;
  headerParameters?: Record<string, SettingSpec>;
  /** By security scheme name: one set of settings, or alternatives in order of preference. */
  credentials?: Record<string, CredentialSettings | CredentialSettings[]>;
  readOnlyCredentials?: Record<string, CredentialSettings>;
  deletableJobId?: SettingSpec;
  existingJobId?: SettingSpec;
  createBody?: Record<string, SettingSpec>;
}

export interface SortSpec {
  param: string;
  syntax: string;
  field?: string;
  default?: 'asc' | 'desc';
  'x-why'?: string;
}

/** The provider's official OpenAPI document our schemas of an API were last diffed against (x-official). */
export interface OfficialSpec {
  /** Where the document is, relative to the provider docs (e.g. provider-docs/official/x.openapi.json). */
  document: string;
  /** The date of that document (its build or repository head), YYYY-MM-DD. */
  date: string;
  /** The day `schemas diff` last compared it with our schemas, YYYY-MM-DD. */
  diffed: string;
  /** Other API ids whose operations the same document holds (not missing from this one). */
  alsoIn?: string[];
}

/** A place where we knowingly enforce something else than the official document (x-deviations). */
export interface DeviationSpec {
  /** The id `schemas diff` gives the difference; `*` stands for any text. */
  difference: string;
  reason: string;
  source: string;
}
