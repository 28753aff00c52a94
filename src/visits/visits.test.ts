import { describe, expect, it } from "vitest";
import { api, barberShop } from "../../test/support/api.js";
import { residentId } from "../../test/support/people.js";
import { useTestStores } from "../../test/support/stores.js";
import { timePasses } from "../../test/support/time.js";

const stores = useTestStores();

type Listed = { id?: string; visitId?: string; checkInAt: string; venue?: { name: string } };

/** Every page of a list, following `before` as a client does, until a page comes back short. */
async function allPages(path: string, who: { Authorization: string }, limit: number): Promise<Listed[][]> {
  const { http } = api(stores.app);
  const pages: Listed[][] = [];
  let before: string | undefined;
  for (;;) {
    const res = await http()
      .get(path)
      .query({ limit, ...(before ? { before } : {}) })
      .set(who);
    expect(res.status).toBe(200);
    const page = res.body.visits as Listed[];
    pages.push(page);
    if (page.length < limit) return pages;
    before = page.at(-1)?.checkInAt;
  }
}

describe("paging through visits", () => {
  it("gives a resident every visit once, page after page, also those checked in at the same instant", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("page-owner", 3101);
    const resident = await signInVerified("page-resident", 3102);
    const venue = (await http().post("/api/venues").set(owner).send(barberShop())).body;
    const snacks = (
      await http()
        .post("/api/venues")
        .set(owner)
        .send({ ...barberShop(), name: "翻页小吃店", categoryId: "bar-restaurant" })
    ).body;
    const companions = [];
    for (const [n, name] of [
      [3103, "王奶奶"],
      [3104, "王小宝"],
    ] as const) {
      const added = await http()
        .post("/api/me/companions")
        .set(resident)
        .send({ name, idNumber: residentId(n), relation: n === 3103 ? "奶奶" : "子女" });
      companions.push(added.body.id as string);
    }
    await http().post("/api/scans").set(resident).send({ code: venue.code });
    await timePasses(30);
    // The three of them together: three visits at one instant.
    await http().post("/api/scans").set(resident).send({ code: snacks.code, companionIds: companions });
    const pages = await allPages("/api/me/visits", resident, 2);
    const ids = pages.flat().map((v) => v.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    // The first page ends on a whole instant: all three of the shared check-in.
    expect(pages[0]?.map((v) => v.checkInAt)).toEqual(Array(3).fill(pages[0]?.[0]?.checkInAt));
  });

  it("pages the door screen back with before", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("door-page-owner", 3111);
    const venue = (await http().post("/api/venues").set(owner).send(barberShop())).body;
    for (const n of [3112, 3113, 3114]) {
      const visitor = await signInVerified(`door-page-${n}`, n);
      await http().post("/api/scans").set(visitor).send({ code: venue.code });
      await timePasses(5);
    }
    const path = `/api/venues/${venue.id}/visits`;
    const first = await http().get(path).query({ limit: 2 }).set(owner);
    expect(first.body.visits).toHaveLength(2);
    const next = await http().get(path).query({ limit: 2, before: first.body.visits[1].checkInAt }).set(owner);
    expect(next.body.visits).toHaveLength(1);
    expect(next.body.visits[0].checkInAt < first.body.visits[1].checkInAt).toBe(true);
    const ids = [...first.body.visits, ...next.body.visits].map((v: Listed) => v.visitId);
    expect(new Set(ids).size).toBe(3);
  });
});
