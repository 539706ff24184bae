/** What kind of change a difference is, read from the official document towards ours. */
export type ChangeKind =
  | 'operation-added'
  | 'operation-removed'
  | 'status-added'
  | 'status-removed'
  | 'parameter-added'
  | 'parameter-removed'
  | 'parameter-renamed'
  | 'parameter-required'
  | 'parameter-style'
  | 'body-added'
  | 'body-removed'
  | 'body-required'
  | 'field-added'
  | 'field-removed'
  | 'field-required'
  | 'field-optional'
  | 'type-changed'
  | 'bound-changed'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'header-added'
  | 'header-removed'
  | 'security-changed';

/** How a difference is already accounted for in our schemas. */
export interface Recorded {
  /** deviation: x-deviations; provenance: x-provenance; deprecated: an enum branch kept as deprecated; inferred: x-inferred; elsewhere: served by another API folder. */
  by: 'deviation' | 'provenance' | 'deprecated' | 'inferred' | 'elsewhere';
  reason: string;
  source?: string;
}

export interface Difference {
  /** Stable and readable: "<operation>: <where>: <kind>[ <detail>]"; what an x-deviations entry names. */
  id: string;
  kind: ChangeKind;
  /** Our operationId, or "METHOD /path" when only the official document has the operation. */
  operation: string;
  /** e.g. "parameter query per_page", "response 200 body /result/id", "request body", "security". */
  where: string;
  /** The enum value, bound keyword or status the change is about. */
  detail?: string;
  official?: unknown;
  ours?: unknown;
  /** For enum values: the tier the value falls into in our schemas (closed, open, current, deprecated). */
  tier?: 'closed' | 'open' | 'current' | 'deprecated';
  recorded?: Recorded;
}

/** A schema node after $ref resolution (plain JSON). */
export type Node = Record<string, unknown>;

/** What a rule reports a difference with; the engine adds the id and the recorded lookup. */
export type Report = (d: Omit<Difference, 'id' | 'operation'> & { oursNode?: Node }) => void;

/** The part of an operation every rule reads: parameters merged from the path item, effective security. */
export interface OperationView {
  key: string;
  method: string;
  path: string;
  operationId?: string;
  node: Node;
  parameters: Node[];
  security: Node[] | undefined;
}

export interface DiffResult {
  api: string;
  official: { source: string; openapi: string; version?: string; title?: string };
  ours: { version?: string };
  differences: Difference[];
  /** Differences not recorded anywhere: exit 1 when there is one. */
  unrecorded: number;
}
