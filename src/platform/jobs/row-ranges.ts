// How the reading hands staged rows to the applying transaction of a file import (tabular-import.ts).

/** Past every row number: "all the staged rows". */
export const MAX_ROW = 2_147_483_647;

/** Rows staged and ready to apply, by row number, handed from the reading to the applying transaction. */
export interface RowRange {
  from: number;
  to: number;
}

/** A queue of row ranges that the applying transaction waits on until the reading closes it. */
export function rangeQueue() {
  const waiting: RowRange[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  const notify = () => {
    wake?.();
    wake = null;
  };
  return {
    push(range: RowRange) {
      waiting.push(range);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const next = waiting.shift();
        if (next) yield next;
        else if (closed) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

/** A promise settled from outside. */
export function deferred<T>() {
  let settle!: { resolve: (value: T) => void; reject: (err: unknown) => void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  promise.catch(() => {}); // awaited where it matters; this keeps an early failure from going unhandled
  return { promise, ...settle };
}

export const addCounts = <Counts extends Record<string, number>>(a: Counts | null, b: Counts): Counts =>
  a ? (Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v + (a[k] ?? 0)])) as Counts) : b;
