import { maskedPerson } from "../identity/person.js";
import type { VenuesService } from "../venues/venues.service.js";
import type { UserDocument } from "./user.model.js";

/** The user as API responses show them: roles (from the venues they own or work at), and the identity masked. */
export async function userView(venues: VenuesService, user: UserDocument) {
  const venueRoles = await venues.rolesOf(user._id);
  const roles = ["resident", ...(venueRoles.owner ? ["owner"] : []), ...(venueRoles.staff ? ["staff"] : [])];
  return {
    id: String(user._id),
    nickname: user.nickname,
    roles,
    realNameVerified: Boolean(user.identity),
    identity: user.identity ? maskedPerson(user.identity) : null,
  };
}
