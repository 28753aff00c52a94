import { describe, expect, it } from "vitest";
import { Batcher, batchedLookup } from "./batcher.js";

/** A promise and the function that settles it. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("Batcher", () => {
  it("sends a lone call at once and gathers the calls made meanwhile into the next batch", async () => {
    const batches: number[][] = [];
    const first = gate();
    const batcher = new Batcher<number, number>(
      async (inputs) => {
        batches.push(inputs);
        if (batches.length === 1) await first.opened;
        return inputs.map((n) => n * 10);
      },
      { concurrency: 1, maxSize: 3 },
    );
    const lone = batcher.submit(1);
    await Promise.resolve();
    expect(batches).toEqual([[1]]);
    const meanwhile = [2, 3, 4, 5].map((n) => batcher.submit(n));
    first.open();
    expect(await Promise.all([lone, ...meanwhile])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it("fails every call of a failed batch, and later batches still run", async () => {
    let calls = 0;
    const batcher = new Batcher<string, string>(async (inputs) => {
      calls++;
      if (calls === 1) throw new Error("store down");
      return inputs.map((s) => s.toUpperCase());
    });
    await expect(batcher.submit("a")).rejects.toThrow("store down");
    await expect(batcher.submit("b")).resolves.toBe("B");
  });

  it("refuses a batch that does not answer every input", async () => {
    const batcher = new Batcher<number, number>(async () => [1], { concurrency: 1, maxSize: 10 });
    const answers = await Promise.allSettled([batcher.submit(1), batcher.submit(2), batcher.submit(3)]);
    expect(answers[0]).toEqual({ status: "fulfilled", value: 1 });
    expect(answers.slice(1).map((a) => a.status)).toEqual(["rejected", "rejected"]);
  });
});

describe("batchedLookup", () => {
  it("answers concurrent callers with one query, each with only the documents of its own keys", async () => {
    const queries: string[][] = [];
    const docs = [
      { key: "a", n: 1 },
      { key: "b", n: 2 },
      { key: "b", n: 3 },
      { key: "c", n: 4 },
      { key: "d", n: 5 },
    ];
    const lookUp = batchedLookup(
      async (keys) => {
        queries.push(keys);
        return docs.filter((d) => keys.includes(d.key));
      },
      (d) => d.key,
    );
    const [first, second, third, fourth, none] = await Promise.all([
      lookUp(["a"]),
      lookUp(["b", "c"]),
      lookUp(["c", "c", "z"]),
      lookUp(["d"]),
      lookUp([]),
    ]);
    expect(first.map((d) => d.n)).toEqual([1]);
    expect(second.map((d) => d.n)).toEqual([2, 3, 4]);
    expect(third.map((d) => d.n)).toEqual([4]);
    expect(fourth.map((d) => d.n)).toEqual([5]);
    expect(none).toEqual([]);
    // The first call went out alone, the three made meanwhile shared one query, and asking for
    // nothing asked nothing.
    expect(queries).toEqual([["a"], ["b", "c", "z", "d"]]);
  });
});
