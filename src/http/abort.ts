/** The signals that end a request early (the run's, the request's, the deadline) and waits they cut short. */

/** One signal for a request: the run's signal, the request's own, and the run's deadline. */
export function requestSignal(
  runSignal: AbortSignal | undefined,
  requestSignal: AbortSignal | undefined,
  deadline: number | undefined,
): { signal?: AbortSignal; dispose: () => void } {
  const signals: AbortSignal[] = [];
  if (runSignal) signals.push(runSignal);
  if (requestSignal) signals.push(requestSignal);
  let timer: NodeJS.Timeout | undefined;
  if (deadline !== undefined) {
    const deadlineCtl = new AbortController();
    const left = deadline - Date.now();
    const fire = () => deadlineCtl.abort(new Error('the run deadline was reached'));
    if (left <= 0) fire();
    else timer = setTimeout(fire, left);
    signals.push(deadlineCtl.signal);
  }
  const dispose = () => {
    if (timer) clearTimeout(timer);
  };
  if (signals.length === 0) return { dispose };
  return { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals), dispose };
}
