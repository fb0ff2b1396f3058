// lazySchema (functions/contract/lazy-schema.ts): a module-level schema that is built on first use
// and then behaves as the z.lazy it stands for, wherever a schema goes.
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import '../../functions/contract/zod-locale.js';
import { lazySchema } from '../../functions/contract/lazy-schema.js';

describe('lazySchema', () => {
  it('builds its schema only when first used, once', () => {
    let built = 0;
    const Name = lazySchema(() => {
      built += 1;
      return z.string().check(z.minLength(1));
    });
    expect(built).toBe(0);
    expect(Name.parse('Anne')).toBe('Anne');
    expect(Name.parse('Bo')).toBe('Bo');
    expect(built).toBe(1);
  });

  it('refuses with the same issues as the z.lazy it stands for', () => {
    const shape = () => z.strictObject({ name: z.string().check(z.maxLength(3)), count: z.int() });
    const stand = lazySchema(shape);
    const plain = z.lazy(shape);
    for (const input of [{ name: 'Anne', count: 1 }, { name: 'Bo', count: 1.5 }, { name: 'Bo', count: 1, extra: true }, 'nope']) {
      const a = stand.safeParse(input);
      const b = plain.safeParse(input);
      expect(a.success).toBe(b.success);
      expect(a.error?.issues).toEqual(b.error?.issues);
    }
    expect(stand.safeParse({ name: 'Bo', count: 2 })).toEqual({ success: true, data: { name: 'Bo', count: 2 } });
  });

  it('composes as a schema: inside objects, optional, arrays, unions, and through _zod.innerType', () => {
    const Kind = lazySchema(() => z.enum(['a', 'b']));
    const Item = lazySchema(() => z.object({ kind: Kind, tags: z.optional(z.array(z.string())) }));
    const Other = lazySchema(() => z.object({ kind: z.literal('c') }));
    const List = z.array(Item);
    expect(List.parse([{ kind: 'a' }, { kind: 'b', tags: ['x'] }])).toEqual([{ kind: 'a' }, { kind: 'b', tags: ['x'] }]);
    expect(List.safeParse([{ kind: 'z' }]).error?.issues[0]?.path).toEqual([0, 'kind']);
    expect(z.optional(Item).parse(undefined)).toBeUndefined();
    expect(z.discriminatedUnion('kind', [z.object({ kind: z.literal('a') }), Other]).parse({ kind: 'c' })).toEqual({ kind: 'c' });
    const WithoutTags = z.omit(Item._zod.innerType, { tags: true });
    expect(WithoutTags.parse({ kind: 'a', tags: ['dropped'] })).toEqual({ kind: 'a' });
    expect(z.extend(Item._zod.innerType, { n: z.number() }).parse({ kind: 'b', n: 1 })).toEqual({ kind: 'b', n: 1 });
  });
});
