/**
 * What is wrong with a request's input, each problem with the path of the input it is about (a
 * parameter's name, the body's property path): the error body names it where the envelope has a place
 * for it (x-envelope errors inputPath).
 */
import type { ErrorObject } from 'ajv';

export interface InputProblem {
  message: string;
  /** The offending input: ['per_page'], ['id'], ['description']; [] for the body as a whole. */
  path: string[];
}

/** The body's schema errors as problems, each at the property it is about. */
export function bodyProblems(errors: readonly ErrorObject[] | null | undefined): InputProblem[] {
  return (errors ?? []).map((e) => {
    const path = e.instancePath.split('/').filter((s) => s !== '');
    const extra = e.params.additionalProperty ?? e.params.missingProperty;
    if (typeof extra === 'string') path.push(extra);
    const allowed = Array.isArray(e.params.allowedValues) ? `: ${e.params.allowedValues.join(', ')}` : '';
    return { message: `${path.join('.') || 'body'} ${e.message ?? 'is invalid'}${allowed}`, path };
  });
}
