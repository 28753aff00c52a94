import { z } from "zod";
import { named } from "../http/named.js";
import { maskedPerson } from "../identity/person.js";
import type { VenuesService } from "../venues/venues.service.js";
import type { UserDocument } from "./user.model.js";

/** A person's real-name details as every response shows them: masked. */
export const maskedPersonSchema = named(
  "MaskedPerson",
  z.strictObject({
    name: z.string().describe("masked: 张*"),
    idNumber: z.string().describe("masked: 320***********123X"),
    phone: z.string().optional().describe("masked: 138****5678"),
  }),
);

export const userViewSchema = named(
  "User",
  z.strictObject({
    id: z.string(),
    nickname: z.string(),
    roles: z.array(z.enum(["resident", "owner", "staff"])),
    realNameVerified: z.boolean(),
    identity: maskedPersonSchema.nullable(),
  }),
);
export type UserView = z.infer<typeof userViewSchema>;

/** The user as API responses show them: roles (from the venues they own or work at), and the identity masked. */
export async function userView(venues: VenuesService, user: UserDocument): Promise<UserView> {
  const venueRoles = await venues.rolesOf(user._id);
  const roles: UserView["roles"] = [
    "resident",
    ...(venueRoles.owner ? (["owner"] as const) : []),
    ...(venueRoles.staff ? (["staff"] as const) : []),
  ];
  return {
    id: String(user._id),
    nickname: user.nickname,
    roles,
    realNameVerified: Boolean(user.identity),
    identity: user.identity ? maskedPerson(user.identity) : null,
  };
}
