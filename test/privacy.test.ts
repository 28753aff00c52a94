import { EJSON } from "bson";
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { api, barberShop } from "./support/api.js";
import { mobile, residentId } from "./support/people.js";
import { useTestStores } from "./support/stores.js";

const stores = useTestStores();

/** Everything the stores hold for this test file, as text. */
async function everythingStored(): Promise<string> {
  const db = mongoose.connection.db;
  if (!db) throw new Error("not connected");
  const parts: string[] = [];
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find().toArray()) parts.push(EJSON.stringify(doc));
  }
  const redis = stores.deps.redis;
  const prefix = stores.keyPrefix;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    for (const key of keys) {
      const bare = key.slice(prefix.length);
      parts.push(key, String(await redis.dump(bare)));
    }
  } while (cursor !== "0");
  return parts.join("\n");
}

describe("privacy of stored and logged personal data", () => {
  it("keeps identity numbers, phones and real names out of the database, Redis and logs", async () => {
    const { http, signIn } = api(stores.app);
    const person = { name: "欧阳娜娜", idNumber: residentId(77), phone: mobile(77) };
    const auth = await signIn("privacy-owner");
    expect((await http().put("/api/me/identity").set(auth).send(person)).status).toBe(200);
    const venue = await http()
      .post("/api/venues")
      .set(auth)
      .send({ ...barberShop, contactPhone: "13700001111" });
    expect(venue.status).toBe(201);
    // Failed attempts carry the numbers too, and must not leave them in logs either.
    await http()
      .put("/api/me/identity")
      .set(auth)
      .send({ ...person, idNumber: `${person.idNumber.slice(0, 17)}0` });
    await http().post("/api/auth/login").send({ username: "nobody", password: person.idNumber });

    const stored = await everythingStored();
    const logged = stores.log.text;
    expect(stored.length).toBeGreaterThan(0);
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [person.idNumber, person.idNumber.slice(0, 17), person.phone, person.name, "13700001111"]) {
      expect(stored).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
    // The masked forms are what is kept for display.
    expect(stored).toContain("欧阳**");
  });
});
