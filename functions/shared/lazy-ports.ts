// Ports whose module is loaded on the first call (a dynamic import()), so a function that serves
// several kinds of request compiles a store's code only when a request needs it (the api
// function's route groups). Each port is async already, so a caller cannot tell the difference.

/** The names of `M`'s members that are async functions. */
type AsyncPortName<M> = { [K in keyof M]: M[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof M];

/**
 * Stand-ins for the named async functions of the module `load` gives: the first call loads it
 * (once; a failed load is tried again by the next call), every call runs the module's own function.
 */
export function lazyPorts<M, K extends AsyncPortName<M>>(load: () => Promise<M>, names: readonly K[]): Pick<M, K> {
  const loaded = loadOnce(load);
  const ports: Partial<Record<K, unknown>> = {};
  for (const name of names) {
    ports[name] = async (...args: unknown[]) => {
      const module = await loaded();
      return (module[name] as (...a: unknown[]) => Promise<unknown>).apply(module, args);
    };
  }
  return ports as Pick<M, K>;
}

/** `load`, run by the first call only and shared by every later one; a failed load is run again by the next call. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}
