import { checkCharacter } from "../../src/identity/resident-id.js";

/** A valid resident identity number; vary `sequence` for different people. */
export function residentId(sequence = 123, region = "320902", birth = "19900307"): string {
  const first17 = `${region}${birth}${String(sequence % 1000).padStart(3, "0")}`;
  return first17 + checkCharacter(first17);
}

/** A valid mainland mobile number; vary `n` for different people. */
export function mobile(n = 0): string {
  return `138${String(10_000_000 + (n % 90_000_000)).padStart(8, "0")}`;
}
