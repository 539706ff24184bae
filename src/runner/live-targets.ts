import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import type {
  Api,
  ApiId,
  Catalogue,
  CredentialSettings,
  LiveSettingsSpec,
  SettingSpec,
} from '../catalogue/index.ts';
import { getCatalogue } from '../catalogue/index.ts';
import { type SchemeCredentials, type Target, UsageError } from '../core/index.ts';
import { securityAlternatives } from '../http/index.ts';

/**
 * Live targets, built from each API's x-live-settings alone: the base URL, the path and header
 * parameters, credentials per security scheme, and the optional values a write run uses (a job it
 * may delete, an existing job, create-body values) on each target.
 */
export interface LiveSettings {
  targets: Partial<Record<ApiId, Target>>;
  /** APIs whose settings are missing, with the message naming them. */
  skipped: Partial<Record<ApiId, string>>;
}

/** Reads .env (when present) under the process environment, which wins, as dotenv does. */
export function readEnv(envFile: string | undefined, processEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const path = envFile ?? '.env';
  if (!existsSync(path)) {
    if (envFile)
      throw new UsageError(
        `--dotenv ${envFile} does not exist: create it from .env.example, or leave --dotenv out to use .env`,
      );
    return { ...processEnv };
  }
  let parsed: Record<string, string>;
  try {
    parsed = parse(readFileSync(path));
  } catch (error) {
    throw new UsageError(
      `cannot read ${path}: ${(error as Error).message} (fix the file or pass another with --dotenv)`,
    );
  }
  return { ...parsed, ...processEnv };
}

const value = (env: NodeJS.ProcessEnv, setting: SettingSpec): string | undefined =>
  env[setting.env]?.trim() || setting.default || undefined;

function baseUrl(env: NodeJS.ProcessEnv, api: Api, setting: SettingSpec | undefined): string {
  const fallback = setting?.default ?? api.serverUrl;
  const name = setting?.env ?? 'the base URL';
  const given = setting ? env[setting.env]?.trim() : undefined;
  const url = given || fallback;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${name} '${url}' is not a URL: set it to an http(s) URL such as ${api.serverUrl}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UsageError(`${name} '${url}' must be an http(s) URL: set it to one such as ${api.serverUrl}`);
  }
  return url.replace(/\/+$/, '');
}

/** What a pattern asks for, in words where a common one says it plainly. */
function patternWords(pattern: string): string {
  if (/^\^\\d\+\$$/.test(pattern) || pattern === '^[0-9]+$') return 'an integer';
  if (pattern === '^[^A-Z]*$' || pattern === '^[a-z0-9._-]*$') return 'lowercase';
  if (pattern === '^[^a-z]*$') return 'uppercase';
  return `a value matching ${pattern}`;
}

/** A value off its setting's pattern is a usage error naming the setting and the fix. */
function checkPattern(setting: SettingSpec, given: string): void {
  if (!setting.pattern || new RegExp(setting.pattern, 'u').test(given)) return;
  const fix =
    setting.fix === 'lowercase'
      ? `'${given.toLowerCase()}'`
      : setting.fix === 'uppercase'
        ? `'${given.toUpperCase()}'`
        : (setting.fix ?? `a value matching ${setting.pattern}`);
  throw new UsageError(
    `${setting.env} '${given}' must be ${patternWords(setting.pattern)}: set it to ${fix}`,
  );
}

/** One way to authenticate: the settings of each scheme of one security alternative. */
type CredentialOption = { scheme: string; fields: CredentialSettings }[];

/**
 * The ways to authenticate, in order: each alternative of the API's security whose schemes all have
 * settings, and within it each combination of a scheme's own alternatives.
 */
function credentialOptions(api: Api, spec: LiveSettingsSpec): CredentialOption[] {
  const byScheme = spec.credentials ?? {};
  const options: CredentialOption[] = [];
  for (const alternative of securityAlternatives(api)) {
    let combos: CredentialOption[] = [[]];
    for (const scheme of alternative) {
      const settings = byScheme[scheme];
      if (!settings) {
        combos = [];
        break;
      }
      const choices = Array.isArray(settings) ? settings : [settings];
      combos = combos.flatMap((combo) => choices.map((fields) => [...combo, { scheme, fields }]));
    }
    options.push(...combos);
  }
  return options;
}

const settingsOf = (option: CredentialOption): SettingSpec[] =>
  option.flatMap((o) => Object.values(o.fields).filter((s): s is SettingSpec => s !== undefined));

function credentialValues(env: NodeJS.ProcessEnv, fields: CredentialSettings): SchemeCredentials {
  return Object.fromEntries(
    Object.entries(fields).map(([field, setting]) => [field, value(env, setting as SettingSpec)]),
  ) as SchemeCredentials;
}

/** True when an operation of the API requires this header parameter. */
const headerRequired = (api: Api, name: string): boolean =>
  api.operations.some((op) =>
    op.parameters.some((p) => p.in === 'header' && p.required && p.name.toLowerCase() === name.toLowerCase()),
  );

/**
 * Required header parameters no setting names, with the default the schema documents (an API
 * version): sent as they are, as a simulator's target sends them, since leaving one out lets the
 * provider pick for us.
 */
function requiredHeaderDefaults(api: Api): Record<string, string> {
  const named = new Set(Object.keys(api.liveSettings?.headerParameters ?? {}).map((n) => n.toLowerCase()));
  const out: Record<string, string> = {};
  for (const op of api.operations)
    for (const p of op.parameters) {
      const fallback = p.schema.schema.default;
      if (p.in === 'header' && p.required && typeof fallback === 'string' && !named.has(p.name.toLowerCase()))
        out[p.name] = fallback;
    }
  return out;
}

/** The target of one API from its x-live-settings, or the settings missing for it. */
function liveTarget(env: NodeJS.ProcessEnv, api: Api): Target | { missing: string[] } {
  const spec = api.liveSettings;
  if (!spec) return { missing: [`the x-live-settings of ${api.id}'s openapi.json`] };
  const base = baseUrl(env, api, spec.baseUrl);
  const absent = (setting: SettingSpec) => value(env, setting) === undefined;
  const gaps: string[] = [];

  for (const setting of Object.values(spec.pathParameters ?? {})) if (absent(setting)) gaps.push(setting.env);

  const options = credentialOptions(api, spec);
  const chosen = options.find((option) => settingsOf(option).every((s) => !absent(s)));
  if (!chosen && options.length === 1)
    gaps.push(
      ...settingsOf(options[0]!)
        .filter(absent)
        .map((s) => s.env),
    );
  else if (!chosen && options.length > 1)
    gaps.push(
      options
        .map((option) =>
          settingsOf(option)
            .filter(absent)
            .map((s) => s.env)
            .join(' + '),
        )
        .join(' or '),
    );

  for (const [name, setting] of Object.entries(spec.headerParameters ?? {}))
    if (absent(setting) && headerRequired(api, name)) gaps.push(setting.env);
  if (gaps.length) return { missing: gaps };

  const all = [
    ...Object.values(spec.pathParameters ?? {}),
    ...Object.values(spec.headerParameters ?? {}),
    ...(chosen ? settingsOf(chosen) : []),
  ];
  for (const setting of all) {
    const given = value(env, setting);
    if (given !== undefined) checkPattern(setting, given);
  }

  const pathParams: Record<string, string> = {};
  for (const [name, setting] of Object.entries(spec.pathParameters ?? {}))
    pathParams[name] = value(env, setting)!;
  const headerParams: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [name, setting] of Object.entries(spec.headerParameters ?? {})) {
    const given = value(env, setting);
    if (given === undefined) continue;
    headerParams[name] = given;
    if (setting.secret) secrets.push(given);
  }
  for (const setting of Object.values(spec.pathParameters ?? {}))
    if (setting.secret) secrets.push(value(env, setting)!);
  Object.assign(headerParams, { ...requiredHeaderDefaults(api), ...headerParams });

  const schemes: Record<string, SchemeCredentials> = {};
  for (const { scheme, fields } of chosen ?? []) schemes[scheme] = credentialValues(env, fields);
  const readOnlySpec = Object.entries(spec.readOnlyCredentials ?? {});
  const readOnlyComplete =
    readOnlySpec.length > 0 &&
    readOnlySpec.every(([, fields]) => Object.values(fields).every((s) => s && !absent(s)));
  const readOnly = readOnlyComplete
    ? Object.fromEntries(readOnlySpec.map(([scheme, fields]) => [scheme, credentialValues(env, fields)]))
    : undefined;

  const createBody: Record<string, string> = {};
  for (const [pointer, setting] of Object.entries(spec.createBody ?? {})) {
    const given = value(env, setting);
    if (given !== undefined) createBody[pointer] = given;
  }
  const deletable = spec.deletableJobId && value(env, spec.deletableJobId);
  const existing = spec.existingJobId && value(env, spec.existingJobId);
  // The existing job also fills its path parameter where no setting names it (a call's own value
  // wins), as a simulator's target does: the operations under one job (its listed items) reach it.
  const idParam = api.lifecycle?.jobId?.parameter;
  if (existing && idParam && pathParams[idParam] === undefined) pathParams[idParam] = existing;
  return {
    api: api.id,
    baseUrl: base,
    pathParams,
    ...(Object.keys(headerParams).length ? { headerParams } : {}),
    ...(secrets.length ? { secrets } : {}),
    credentials: { kind: 'schemes', schemes, ...(readOnly ? { readOnly } : {}) },
    live: true,
    ...(deletable ? { deletableJobId: deletable } : {}),
    ...(existing ? { existingJobId: existing } : {}),
    ...(Object.keys(createBody).length ? { createBody } : {}),
  };
}

/** Targets for `--target live` from each API's x-live-settings (.env.example lists them all). */
export function liveTargets(
  env: NodeJS.ProcessEnv,
  apis: readonly ApiId[],
  catalogue: Catalogue = getCatalogue(),
): LiveSettings {
  const settings: LiveSettings = { targets: {}, skipped: {} };
  for (const id of apis) {
    const target = liveTarget(env, catalogue.api(id));
    if ('missing' in target)
      settings.skipped[id] = `live settings missing: ${target.missing.join(', ')} (see .env.example)`;
    else settings.targets[id] = target;
  }
  return settings;
}

/** The settings (by env name) of a scheme's values: the alternative whose fields the values fill. */
function schemeEnv(
  spec: CredentialSettings | CredentialSettings[] | undefined,
  values: SchemeCredentials,
): Record<string, string> {
  const choices = spec === undefined ? [] : Array.isArray(spec) ? spec : [spec];
  const given = Object.keys(values).filter((k) => values[k as keyof SchemeCredentials] !== undefined);
  const fields =
    choices.find((c) => Object.keys(c).length === given.length && given.every((k) => k in c)) ??
    choices.find((c) => Object.keys(c).every((k) => given.includes(k)));
  const env: Record<string, string> = {};
  for (const [field, setting] of Object.entries(fields ?? {})) {
    const v = values[field as keyof SchemeCredentials];
    if (setting && v !== undefined) env[setting.env] = v;
  }
  return env;
}

/**
 * The settings a user would write in .env to reach these targets: the inverse of liveTargets, used to
 * point a live run at the simulators standing in for a deployment (tests, benchmarks).
 */
export function envForTargets(
  targets: Partial<Record<ApiId, Target>>,
  catalogue: Catalogue = getCatalogue(),
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const target of Object.values(targets)) {
    if (!target) continue;
    const spec = catalogue.api(target.api).liveSettings;
    if (!spec) continue;
    if (spec.baseUrl) env[spec.baseUrl.env] = target.baseUrl;
    for (const [name, setting] of Object.entries(spec.pathParameters ?? {}))
      if (target.pathParams[name] !== undefined) env[setting.env] = target.pathParams[name];
    for (const [name, setting] of Object.entries(spec.headerParameters ?? {}))
      if (target.headerParams?.[name] !== undefined) env[setting.env] = target.headerParams[name];
    for (const [scheme, values] of Object.entries(target.credentials.schemes))
      Object.assign(env, schemeEnv(spec.credentials?.[scheme], values));
    for (const [scheme, values] of Object.entries(target.credentials.readOnly ?? {}))
      Object.assign(env, schemeEnv(spec.readOnlyCredentials?.[scheme], values));
    if (spec.deletableJobId && target.deletableJobId) env[spec.deletableJobId.env] = target.deletableJobId;
    if (spec.existingJobId && target.existingJobId) env[spec.existingJobId.env] = target.existingJobId;
    for (const [pointer, setting] of Object.entries(spec.createBody ?? {}))
      if (target.createBody?.[pointer] !== undefined) env[setting.env] = target.createBody[pointer];
  }
  return env;
}
