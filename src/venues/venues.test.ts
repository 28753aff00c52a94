import jsQRModule from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { api, barberShop } from "../../test/support/api.js";
import { useTestStores } from "../../test/support/stores.js";
import { createLogger } from "../infra/logger.js";
import { VenueCache } from "./venue-cache.js";

// jsqr is CommonJS with a `default` export; unwrap it whichever way the loader hands it over.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

const stores = useTestStores({ PUBLIC_BASE_URL: "https://venue.example.gov.cn" });

function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

function alterOneCharacter(code: string): string {
  const i = 5;
  const replacement = code[i] === "A" ? "B" : "A";
  return code.slice(0, i) + replacement + code.slice(i + 1);
}

describe("venue registration and codes (acceptance)", () => {
  it("registers a venue whose QR code decodes to its scan URL, resolves, and can be reissued", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("owner-a", 1);
    const other = await signInVerified("other-a", 2);

    const created = await http().post("/api/venues").set(owner).send(barberShop());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: "active",
      name: "王记理发店",
      categoryName: "服务场所",
      regionName: "射阳县",
    });
    const { id, code, url } = created.body;
    expect(url).toBe(`https://venue.example.gov.cn/s/${code}`);

    const qr = await http().get(`/api/venues/${id}/qr.png`).set(owner).buffer(true);
    expect(qr.status).toBe(200);
    expect(qr.headers["content-type"]).toBe("image/png");
    expect(decodeQr(qr.body)).toBe(`https://venue.example.gov.cn/s/${code}`);
    // With the venue's name as a caption: the same code above, the name printed below it.
    const captioned = await http().get(`/api/venues/${id}/qr.png?caption=name`).set(owner).buffer(true);
    expect(captioned.status).toBe(200);
    expect(decodeQr(captioned.body)).toBe(`https://venue.example.gov.cn/s/${code}`);
    const plain = PNG.sync.read(qr.body);
    const withName = PNG.sync.read(captioned.body);
    expect(withName.width).toBe(plain.width);
    expect(withName.height).toBeGreaterThan(plain.height + 60);
    let inked = 0;
    for (let y = 1030; y < withName.height; y++) {
      for (let x = 0; x < withName.width; x++) if ((withName.data[(y * withName.width + x) * 4] ?? 255) < 100) inked++;
    }
    expect(inked).toBeGreaterThan(2000);
    expect((await http().get(`/api/venues/${id}/qr.png?caption=address`).set(owner)).status).toBe(400);

    const resolved = await http().get(`/api/venue-codes/${code}`);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual({
      status: "active",
      venue: {
        id,
        name: "王记理发店",
        categoryId: "service-venue",
        categoryName: "服务场所",
        regionCode: "320924",
        regionName: "射阳县",
      },
    });

    const forged = await http().get(`/api/venue-codes/${alterOneCharacter(code)}`);
    expect(forged.status).toBe(404);
    expect(forged.body.error.code).toBe("VENUE_CODE_INVALID");

    const reissued = await http().post(`/api/venues/${id}/reissue`).set(owner);
    expect(reissued.status).toBe(200);
    expect(reissued.body.code).not.toBe(code);
    expect((await http().get(`/api/venue-codes/${code}`)).body).toEqual({ status: "revoked" });
    expect((await http().get(`/api/venue-codes/${reissued.body.code}`)).body.status).toBe("active");

    const foreignPatch = await http().patch(`/api/venues/${id}`).set(other).send({ name: "别人的店" });
    expect(foreignPatch.status).toBe(403);
    expect((await http().get(`/api/venues/${id}`).set(owner)).body.name).toBe("王记理发店");
  });

  it("answers a reissued code as revoked at once, on every instance", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("owner-reissue", 903);
    const created = await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), name: "换码理发店" });
    const { id, code } = created.body;
    // Another API instance: its own process memory, the same Redis.
    const otherInstance = new VenueCache(stores.deps.redis, createLogger("silent"));
    expect((await otherInstance.byCode(code)).status).toBe("active");
    expect((await http().get(`/api/venue-codes/${code}`)).body.status).toBe("active");
    expect((await http().post(`/api/venues/${id}/reissue`).set(owner)).status).toBe(200);
    expect((await http().get(`/api/venue-codes/${code}`)).body).toEqual({ status: "revoked" });
    expect(await otherInstance.byCode(code)).toMatchObject({ status: "revoked", venueName: "换码理发店" });
  });

  it("rejects a wrong check character with 400 naming idNumber", async () => {
    const { http, signIn } = api(stores.app);
    const auth = await signIn("typo");
    const res = await http()
      .put("/api/me/identity")
      .set(auth)
      .send({ name: "李四", idNumber: "32090219900307123X", phone: "13800000000" });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      {
        path: "idNumber",
        message: "the last character does not match the check character; check the number for a typo",
        userMessage: "身份证号：请填写18位居民身份证号码，并核对最后一位",
      },
    ]);
  });

  it("recognises a made-up code without any venue behind it, and a well-formed unknown one", async () => {
    const { http } = api(stores.app);
    for (const code of ["not-a-code", "AAAAAAAAAAAAAAAAAAAA", "%24gt", "a".repeat(500)]) {
      const res = await http().get(`/api/venue-codes/${code}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("VENUE_CODE_INVALID");
    }
  });
});

describe("venue permissions and errors", () => {
  it("needs a signed-in resident with a real name", async () => {
    const { http, signIn } = api(stores.app);
    expect((await http().post("/api/venues").send(barberShop())).status).toBe(401);
    const unverified = await signIn("no-real-name");
    const res = await http().post("/api/venues").set(unverified).send(barberShop());
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("IDENTITY_REQUIRED");
  });

  it("answers 401 for a forged token", async () => {
    const { http } = api(stores.app);
    const res = await http()
      .get("/api/venues/mine")
      .set({ Authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.forgedsignature" });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("names each invalid field and stores nothing", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("owner-invalid", 3);
    const res = await http()
      .post("/api/venues")
      .set(owner)
      .send({ name: "x", categoryId: "school", regionCode: "320902", contactPhone: "123", address: { $gt: "" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "address",
      "contactPhone",
      "name",
    ]);
    expect((await http().get("/api/venues/mine").set(owner)).body.venues).toEqual([]);
  });

  it("needs a plate number and no address for buses and taxis, and the reverse for other venues", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("owner-taxi", 4);
    const noPlate = await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), categoryId: "taxi", name: "出租车一号" });
    expect(noPlate.status).toBe(400);
    expect(noPlate.body.error.details.map((d: { path: string }) => d.path)).toEqual(["plateNumber", "address"]);
    const { address: _omit, ...withoutAddress } = barberShop();
    const taxi = await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...withoutAddress, categoryId: "taxi", name: "出租车一号", plateNumber: "苏J·T1234" });
    expect(taxi.status).toBe(201);
    expect(taxi.body.plateNumber).toBe("苏JT1234");
    expect(taxi.body.address).toBeUndefined();
    const shopWithPlate = await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), plateNumber: "苏J12345" });
    expect(shopWithPlate.status).toBe(400);
    expect(shopWithPlate.body.error.details[0].path).toBe("plateNumber");
    const unknown = await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), categoryId: "casino", regionCode: "110101" });
    expect(unknown.body.error.details.map((d: { path: string }) => d.path)).toEqual(["categoryId", "regionCode"]);
  });

  it("answers a second submission of the same venue with 409 and the existing id; someone else's copy with 409 alone", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("owner-dup", 5);
    const shop = { ...barberShop(), address: "射阳县合德镇人民路88号" };
    const first = await http().post("/api/venues").set(owner).send(shop);
    const again = await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...shop, name: " 王记 理发店 ", address: "射阳县合德镇人民路 ８８ 号" });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "VENUE_EXISTS", details: { venueId: first.body.id } });
    const copier = await signInVerified("owner-copier", 57);
    const copy = await http().post("/api/venues").set(copier).send(shop);
    expect(copy.status).toBe(409);
    expect(copy.body.error.code).toBe("VENUE_TAKEN");
    expect(JSON.stringify(copy.body)).not.toContain(first.body.id);
  });

  it("answers 404 for an unknown or malformed venue id", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("owner-404", 6);
    for (const id of ["64b000000000000000000000", "not-an-id"]) {
      const res = await http().get(`/api/venues/${id}`).set(owner);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("VENUE_NOT_FOUND");
    }
  });

  it("lets the owner change details without changing the code, and keeps others out of downloads", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("owner-patch", 7);
    const stranger = await signInVerified("stranger-patch", 8);
    const created = await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), name: "张记面馆", categoryId: "bar-restaurant" });
    const patched = await http().patch(`/api/venues/${created.body.id}`).set(owner).send({ name: "张记面馆（新店）" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "张记面馆（新店）", code: created.body.code });
    expect((await http().patch(`/api/venues/${created.body.id}`).set(owner).send({})).status).toBe(400);
    expect((await http().patch(`/api/venues/${created.body.id}`).set(owner).send({ code: "x" })).status).toBe(400);
    for (const path of ["qr.png", "qr.svg", "poster", "poster.png"]) {
      expect((await http().get(`/api/venues/${created.body.id}/${path}`).set(stranger)).status).toBe(403);
      expect((await http().get(`/api/venues/${created.body.id}/${path}`)).status).toBe(401);
    }
    expect((await http().post(`/api/venues/${created.body.id}/reissue`).set(stranger)).status).toBe(403);
    expect((await http().get(`/api/venues/${created.body.id}`).set(stranger)).status).toBe(403);
  });

  it("lists the owner's venues with the contact phone whole, and masks it for officials", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("owner-list", 9);
    await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), name: "李记超市", categoryId: "supermarket" });
    const mine = await http().get("/api/venues/mine").set(owner);
    expect(mine.body.venues).toHaveLength(1);
    expect(mine.body.venues[0]).toMatchObject({ name: "李记超市", role: "owner", contactPhone: "13912345678" });
    const me = await http().get("/api/me").set(owner);
    expect(me.body.roles).toEqual(["resident", "owner", "staff"]);
  });
});

describe("printables", () => {
  it("serves a PNG poster with the QR code, and an HTML poster with the name escaped", async () => {
    const { http, signInVerified } = api(stores.app);
    const owner = await signInVerified("owner-poster", 10);
    const created = await http()
      .post("/api/venues")
      .set(owner)
      .send({ ...barberShop(), name: "老街茶馆（东坎店）", categoryId: "bar-restaurant" });
    const png = await http().get(`/api/venues/${created.body.id}/poster.png`).set(owner).buffer(true);
    expect(png.status).toBe(200);
    const image = PNG.sync.read(png.body);
    expect([image.width, image.height]).toEqual([1240, 1754]);
    expect(decodeQr(png.body)).toBe(created.body.url);

    const html = await http().get(`/api/venues/${created.body.id}/poster`).set(owner);
    expect(html.headers["content-type"]).toContain("text/html");
    expect(html.text).toContain("老街茶馆（东坎店）");
    expect(html.text).toContain("无手机入场");
    const svg = await http().get(`/api/venues/${created.body.id}/qr.svg`).set(owner);
    expect(svg.headers["content-type"]).toContain("image/svg+xml");
  });
});
