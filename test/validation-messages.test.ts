import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { serviceRoutes } from "../src/app.js";
import { labelOf } from "../src/http/field-labels.js";
import { api, barberShop } from "./support/api.js";
import { residentId } from "./support/people.js";
import { useTestStores } from "./support/stores.js";

const stores = useTestStores();

/** Every field path a schema accepts (list items as `*`), through optional, default, pipe and union wrappers. */
function fieldPaths(schema: z.ZodType | undefined, prefix = ""): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: zod's internal definition, walked generically.
  const def = (schema as any)?._zod?.def;
  if (!def) return [];
  const inner = (s: unknown, p = prefix) => fieldPaths(s as z.ZodType, p);
  switch (def.type) {
    case "object":
      return Object.entries(def.shape).flatMap(([key, value]) => {
        const path = prefix ? `${prefix}.${key}` : key;
        return [path, ...inner(value, path)];
      });
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
      return inner(def.innerType);
    case "pipe":
      return [...inner(def.in), ...inner(def.out)];
    case "array":
      return inner(def.element, `${prefix}.*`);
    case "union":
      return def.options.flatMap((option: unknown) => inner(option));
    case "intersection":
      return [...inner(def.left), ...inner(def.right)];
    default:
      return [];
  }
}

describe("field-level Chinese validation messages", () => {
  it("has a Chinese label for every field every route accepts", () => {
    const unlabelled: string[] = [];
    let checked = 0;
    for (const route of serviceRoutes(stores.deps)) {
      for (const schema of [route.params, route.query, route.body]) {
        for (const path of fieldPaths(schema)) {
          checked++;
          if (!labelOf(path, route.fieldLabels)) unlabelled.push(`${route.method} ${route.path}: ${path}`);
        }
      }
    }
    expect(unlabelled).toEqual([]);
    expect(checked).toBeGreaterThan(80);
  });

  it("names the field and what it expects: 手机号：请填写11位手机号码", async () => {
    const { http, signIn } = api(stores.app);
    const auth = await signIn("vm-phone");
    const res = await http()
      .put("/api/me/identity")
      .set(auth)
      .send({ name: "赵建国", idNumber: residentId(5101), phone: "138" });
    expect(res.status).toBe(400);
    expect(res.body.error.userMessage).toBe("手机号：请填写11位手机号码。");
    expect(res.body.error.field).toBe("phone");
    expect(res.body.error.details).toEqual([
      { path: "phone", message: expect.stringMatching(/mobile/), userMessage: "手机号：请填写11位手机号码" },
    ]);
    expect(res.body.error.userMessage).not.toContain("填写的内容有误");
  });

  it("lists each refused field, in order, and keeps the English message for API clients", async () => {
    const { http, signIn } = api(stores.app);
    const auth = await signIn("vm-many");
    const res = await http().put("/api/me/identity").set(auth).send({ name: "A", idNumber: "123", phone: "" });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("name");
    expect(res.body.error.userMessage).toContain("姓名：请填写与身份证一致的姓名");
    expect(res.body.error.userMessage).toContain("身份证号：请填写18位居民身份证号码");
    expect(res.body.error.userMessage).toContain("手机号：");
    expect(res.body.error.message).toMatch(/^Invalid input: name: /);
  });

  it("uses a route's own sense of a field: a venue's name, a no-phone visitor's optional phone", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("vm-owner", 5102);
    const badName = await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), name: "王" });
    expect(badName.status).toBe(400);
    expect(badName.body.error).toMatchObject({
      field: "name",
      userMessage: "场所名称：请填写2至50个字的场所名称，不能含有 < > 等符号。",
    });

    const shop = (await http().post("/api/venues").set(owner).send(barberShop())).body;
    const badPhone = await http()
      .post(`/api/venues/${shop.id}/manual-entries`)
      .set(owner)
      .send({ name: "钱奶奶", idNumber: residentId(5103), phone: "12" });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.field).toBe("phone");
    expect(badPhone.body.error.userMessage).toContain("联系电话：可不填");
  });

  it("words a service's own refusal for the field too: a plate number on a shop", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("vm-plate", 5104);
    const res = await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), plateNumber: "苏J12345" });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("plateNumber");
    expect(res.body.error.userMessage).toBe("车牌号：只有公交车、出租车填写车牌号，其他场所请填写详细地址。");
  });
});
