import { describe, expect, it } from 'vitest';
import { coalesced, coalescedWrites } from '../../db/repositories/coalesce.ts';

describe('coalesced reads and writes', () => {
  it('reads asked for in one turn become one load; each caller gets its own row (or none)', async () => {
    const loads: number[][] = [];
    const get = coalesced(
      async (ids: number[]) => {
        loads.push([...ids]);
        return ids.filter((id) => id !== 3).map((id) => ({ id, name: `t${id}` }));
      },
      (r) => r.id,
    );
    const rows = await Promise.all([get(1), get(2), get(3), get(2)]);
    expect(rows).toEqual([{ id: 1, name: 't1' }, { id: 2, name: 't2' }, undefined, { id: 2, name: 't2' }]);
    expect(loads).toEqual([[1, 2, 3]]);
    // A later turn is a later load: it starts after it was asked for.
    expect(await get(4)).toEqual({ id: 4, name: 't4' });
    expect(loads).toEqual([[1, 2, 3], [4]]);
  });

  it('splits a large turn into loads of at most 500 keys, and a failed load fails only its callers', async () => {
    const sizes: number[] = [];
    const get = coalesced(
      async (ids: number[]) => {
        sizes.push(ids.length);
        if (ids.includes(700)) throw new Error('boom');
        return ids.map((id) => ({ id }));
      },
      (r) => r.id,
    );
    const results = await Promise.allSettled(Array.from({ length: 1200 }, (_, i) => get(i)));
    expect(sizes).toEqual([500, 500, 200]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(500);
    expect((results[700] as PromiseRejectedResult).reason).toEqual(new Error('boom'));
    expect((results[0] as PromiseFulfilledResult<unknown>).value).toEqual({ id: 0 });
    expect((results[1100] as PromiseFulfilledResult<unknown>).value).toEqual({ id: 1100 });
  });

  it('writes given in one turn become one call, and each caller learns the outcome', async () => {
    const calls: string[][] = [];
    const write = coalescedWrites(async (items: string[]) => {
      calls.push(items);
      if (items.includes('bad')) throw new Error('refused');
    });
    await Promise.all([write('a'), write('b')]);
    expect(calls).toEqual([['a', 'b']]);
    await expect(Promise.all([write('c'), write('bad')])).rejects.toThrow('refused');
    expect(calls).toEqual([
      ['a', 'b'],
      ['c', 'bad'],
    ]);
  });
});
