// A module-level schema that costs nothing until it is used. z.lazy already builds the schema it
// wraps on first use, but the wrapper itself is a zod object: constructing one runs zod's class
// machinery (about 0.05-0.1 ms each at module init), and a function's init would otherwise build a
// wrapper for every schema its modules define (the mailer's about 30), used or not. lazySchema
// returns a stand-in that constructs the z.lazy on the first touch and forwards everything to it,
// so it parses, composes (z.optional(X), X._zod.innerType, ...) and types exactly as z.lazy.
import * as z from 'zod/mini';
import { en } from 'zod/locales';

/** English messages for zod's issues (zod-locale.ts says why); once, before the first schema parses. */
export function useEnglishMessages(): void {
  if (!z.config().localeError) z.config(en());
}

type Lazy<T extends z.core.SomeType> = z.ZodMiniLazy<T>;

export function lazySchema<T extends z.core.SomeType>(build: () => T): Lazy<T> {
  let schema: Lazy<T> | undefined;
  const real = (): Lazy<T> => {
    if (schema === undefined) {
      useEnglishMessages();
      schema = z.lazy(build);
    }
    return schema;
  };
  // The target is an empty stand-in; every trap answers from the real schema. Descriptors are
  // reported configurable because the target does not own them (a Proxy invariant).
  return new Proxy(Object.create(null) as Lazy<T>, {
    get: (_target, key) => Reflect.get(real(), key),
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
