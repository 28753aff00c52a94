/**
 * Gathers calls made while earlier ones are in flight into one batch, so many concurrent scans cost
 * one database round trip instead of one each (the idea of group commit and of DataLoader). There
 * is no timer: a call made when the batcher is idle goes out at once, so a quiet service answers as
 * fast as before and a busy one sends bigger batches.
 */
export class Batcher<In, Out> {
  private waiting: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;

  /**
   * @param run answers a batch: one output per input, in the same order; a rejection fails every
   *   call in the batch.
   * @param options.concurrency batches in flight at once (one gave the most scans a second: bigger
   *   batches); options.maxSize the most calls in one.
   */
  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly options: { concurrency: number; maxSize: number } = { concurrency: 1, maxSize: 500 },
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.sendNext();
    });
  }

  private sendNext(): void {
    while (this.inFlight < this.options.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxSize);
      this.inFlight++;
      void this.answer(batch).finally(() => {
        this.inFlight--;
        this.sendNext();
      });
    }
  }

  private async answer(batch: typeof this.waiting): Promise<void> {
    try {
      const outputs = await this.run(batch.map((call) => call.input));
      if (outputs.length !== batch.length) throw new Error("a batch must answer every input");
      for (const [i, call] of batch.entries()) call.resolve(outputs[i] as Out);
    } catch (error) {
      for (const call of batch) call.reject(error);
    }
  }
}

/**
 * A batched look-up by keys: each caller asks for the documents of some keys; one query answers
 * every caller of a batch, and each gets back only the documents of its own keys.
 */
export function batchedLookup<D>(
  find: (keys: string[]) => Promise<D[]>,
  keyOf: (doc: D) => string,
): (keys: string[]) => Promise<D[]> {
  const batcher = new Batcher<string[], D[]>(async (groups) => {
    const docs = await find([...new Set(groups.flat())]);
    const byKey = new Map<string, D[]>();
    for (const doc of docs) {
      const key = keyOf(doc);
      const same = byKey.get(key);
      if (same) same.push(doc);
      else byKey.set(key, [doc]);
    }
    return groups.map((keys) => [...new Set(keys)].flatMap((key) => byKey.get(key) ?? []));
  });
  return (keys) => (keys.length === 0 ? Promise.resolve([]) : batcher.submit(keys));
}
