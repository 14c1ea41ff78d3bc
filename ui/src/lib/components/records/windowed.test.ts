import { describe, expect, it } from 'vitest';
import type { RecordPage } from '../../backend';
import { WINDOW } from './recordWindow';
import { Windowed } from './windowed.svelte';

/** A core holding `n` rows `r0…`, counting them by parity; it records what it was asked. */
function core(n: number) {
  const asked: [number, number][] = [];
  const all = Array.from({ length: n }, (_, i) => `r${i}`);
  const fetch = async (offset: number, limit: number): Promise<RecordPage<string>> => {
    asked.push([offset, limit]);
    return { rows: all.slice(offset, offset + limit), offset, total: n, by_state: { even: Math.ceil(n / 2), odd: Math.floor(n / 2) } };
  };
  return { asked, all, fetch };
}

describe('Windowed', () => {
  it('joins the windows asked as the user scrolls into the whole list, then asks no more', async () => {
    const c = core(450);
    const list = new Windowed(c.fetch, (r) => r);
    await list.reload(true);
    expect(list.rows.length).toBe(WINDOW);
    expect(list.total).toBe(450);
    expect(list.byState).toEqual({ even: 225, odd: 225 });
    await list.more();
    await list.more();
    await list.more();
    expect(list.rows).toEqual(c.all);
    expect(c.asked).toEqual([
      [0, WINDOW],
      [WINDOW, WINDOW],
      [2 * WINDOW, WINDOW],
    ]);
  });

  it('refreshes as many rows as are shown, and starts over for another list', async () => {
    const c = core(450);
    const list = new Windowed(c.fetch, (r) => r);
    await list.reload(true);
    await list.more();
    await list.reload();
    expect(c.asked.at(-1)).toEqual([0, 2 * WINDOW]);
    expect(list.rows.length).toBe(2 * WINDOW);
    await list.reload(true);
    expect(list.rows.length).toBe(WINDOW);
  });

  it('asks for windows of its own size', async () => {
    const c = core(120);
    const list = new Windowed(c.fetch, (r) => r, 50);
    await list.reload(true);
    await list.more();
    await list.more();
    await list.more();
    expect(list.rows).toEqual(c.all);
    expect(c.asked).toEqual([
      [0, 50],
      [50, 50],
      [100, 50],
    ]);
    expect(list.reloadLimit()).toBe(120);
  });

  it('shows a first window asked elsewhere and drops a window that was on its way', async () => {
    const c = core(450);
    const list = new Windowed(c.fetch, (r) => r);
    await list.reload(true);
    const more = list.more();
    list.apply({ rows: ['a', 'b'], offset: 0, total: 2, by_state: { even: 1 } });
    await more;
    expect(list.rows).toEqual(['a', 'b']);
    expect(list.total).toBe(2);
    expect(list.byState).toEqual({ even: 1 });
    expect(list.reloadLimit(true)).toBe(WINDOW);
  });

  it('drops an answer a newer question made stale, and keeps the error of the newest', async () => {
    let release: (p: RecordPage<string>) => void = () => {};
    let calls = 0;
    const list = new Windowed<string>(
      (offset) => {
        calls++;
        if (calls === 1) return new Promise((res) => (release = res));
        if (calls === 2) return Promise.resolve({ rows: ['new'], offset, total: 1, by_state: {} });
        return Promise.reject(new Error('没有这个机房'));
      },
      (r) => r,
    );
    const first = list.reload(true);
    await list.reload(true);
    release({ rows: ['old'], offset: 0, total: 1, by_state: {} });
    await first;
    expect(list.rows).toEqual(['new']);
    expect(list.loading).toBe(false);
    await list.reload(true);
    expect(list.error).toBe('没有这个机房');
    expect(list.rows).toEqual(['new']);
  });
});
