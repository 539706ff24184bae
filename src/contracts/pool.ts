/** Runs fn on every item, at most `limit` at a time; the results in the items' order. */
export type Pool = <T, R>(items: readonly T[], fn: (item: T) => Promise<R>) => Promise<R[]>;

export function pool(limit: number): Pool {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished task hands its slot straight to the next waiting one, so a newcomer cannot slip in between.
  const slot = async () => {
    if (running < limit) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return (items, fn) =>
    Promise.all(
      items.map(async (item) => {
        await slot();
        try {
          return await fn(item);
        } finally {
          release();
        }
      }),
    );
}
