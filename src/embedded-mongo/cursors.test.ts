import { describe, expect, it } from "vitest";
import { CursorRegistry } from "./cursors.js";

describe("cursors", () => {
  it("close when idle past the limit, except those opened with noCursorTimeout", () => {
    const cursors = new CursorRegistry();
    const docs = [{ _id: 1 }, { _id: 2 }, { _id: 3 }];
    const idle = cursors.open("db.c", docs, 1).cursor.id.toNumber();
    const kept = cursors.open("db.c", docs, 1, false, { noTimeout: true }).cursor.id.toNumber();
    cursors.closeIdle(10 * 60 * 1000, Date.now() + 11 * 60 * 1000);
    expect(() => cursors.more(idle)).toThrow(expect.objectContaining({ code: 43 }));
    expect(cursors.more(kept).cursor.nextBatch).toEqual([{ _id: 2 }, { _id: 3 }]);
  });
});
