import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { residentId } from "../../test/support/people.js";
import { maskIdNumber, maskName, maskPhone } from "./masking.js";
import { personSchema } from "./person.js";
import { PersonalDataProtector } from "./protection.js";
import { checkCharacter, residentIdProblem } from "./resident-id.js";

describe("resident identity numbers", () => {
  it("computes the ISO 7064 MOD 11-2 check character, X for ten", () => {
    // The worked example of GB 11643-1999.
    expect(checkCharacter("11010519491231002")).toBe("X");
    expect(residentIdProblem("11010519491231002X")).toBeNull();
    expect(residentIdProblem("11010519491231002x")).toBeNull();
  });

  it("names what is wrong with a bad number", () => {
    const good = residentId();
    const wrongCheck = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    expect(residentIdProblem(wrongCheck)).toBe("check-character");
    expect(residentIdProblem(`99${good.slice(2)}`)).toBe("region");
    expect(residentIdProblem(residentId(123, "320902", "19900230"))).toBe("birth-date");
    expect(residentIdProblem(residentId(123, "320902", "29990101"))).toBe("birth-date");
    expect(residentIdProblem("32090219900307123")).toBe("format");
    expect(residentIdProblem("3209021990030712AB")).toBe("format");
  });

  it("validates a person, normalising the number and naming each bad field", () => {
    const ok = personSchema.safeParse({ name: " 王小明 ", idNumber: residentId().toLowerCase(), phone: "13812345678" });
    expect(ok.success && ok.data).toMatchObject({ name: "王小明", idNumber: residentId().toUpperCase() });
    const bad = personSchema.safeParse({ name: "x", idNumber: "123", phone: "12345678901" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(["idNumber", "name", "phone"]);
  });
});

describe("masking", () => {
  it("masks names keeping the surname, compound surnames whole", () => {
    expect(maskName("张三")).toBe("张*");
    expect(maskName("张三丰")).toBe("张**");
    expect(maskName("欧阳娜娜")).toBe("欧阳**");
    expect(maskName("欧阳")).toBe("欧*");
  });

  it("masks identity numbers and phones as the notice's examples show", () => {
    expect(maskIdNumber("32090219900307123X")).toBe("320***********123X");
    expect(maskPhone("13812345678")).toBe("138****5678");
  });
});

describe("PersonalDataProtector", () => {
  const protector = new PersonalDataProtector(randomBytes(32), randomBytes(32));

  it("hashes the same number the same way, and different numbers differently", () => {
    expect(protector.hash("A")).toBe(protector.hash("A"));
    expect(protector.hash("A")).not.toBe(protector.hash("B"));
    expect(new PersonalDataProtector(randomBytes(32), randomBytes(32)).hash("A")).not.toBe(protector.hash("A"));
  });

  it("encrypts with a fresh IV each time and decrypts back", () => {
    const first = protector.encrypt("32090219900307123X");
    expect(first).not.toBe(protector.encrypt("32090219900307123X"));
    expect(first).not.toContain("32090219900307123X");
    expect(protector.decrypt(first)).toBe("32090219900307123X");
  });

  it("refuses a ciphertext that was altered", () => {
    const sealed = protector.encrypt("13812345678");
    const parts = sealed.split(".");
    const data = Buffer.from(parts[3] as string, "base64url");
    data[0] = (data[0] as number) ^ 1;
    parts[3] = data.toString("base64url");
    expect(() => protector.decrypt(parts.join("."))).toThrow();
  });
});
