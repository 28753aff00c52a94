import type { Context } from "koa";
import type { OfficialPrincipal, OfficialRole, Principal, ResidentPrincipal } from "../auth/principal.js";
import { ConflictError, ForbiddenError, UnauthenticatedError } from "../errors.js";

/**
 * Who may do what. Routes call these before touching a service; each throws the typed error
 * (401 not signed in, 403 not allowed, 409 real name missing) that the error handler maps.
 */
export function principalOf(ctx: Context): Principal {
  const principal = ctx.state.principal as Principal | undefined;
  if (!principal) throw new UnauthenticatedError();
  return principal;
}

export function requireResident(ctx: Context): ResidentPrincipal {
  const principal = principalOf(ctx);
  if (principal.kind !== "resident") throw new ForbiddenError("This needs a resident's WeChat sign-in");
  return principal;
}

export function requireOfficial(ctx: Context, roles: readonly OfficialRole[]): OfficialPrincipal {
  const principal = principalOf(ctx);
  if (principal.kind !== "official" || !roles.includes(principal.role)) {
    throw new ForbiddenError(`This needs an official with role ${roles.join(" or ")}`);
  }
  return principal;
}

export function requireRealName<T extends { identity?: unknown }>(
  user: T,
): asserts user is T & { identity: NonNullable<T["identity"]> } {
  if (!user.identity) {
    throw new ConflictError(
      "IDENTITY_REQUIRED",
      "Complete real-name verification first (PUT /api/me/identity)",
      "请先完成实名认证。",
    );
  }
}

interface StaffedVenue {
  ownerId: unknown;
  staffIds?: unknown[] | null;
  regionCode?: string | null;
}

export function isVenueOwner(venue: StaffedVenue, userId: string): boolean {
  return String(venue.ownerId) === userId;
}

export function isVenueStaff(venue: StaffedVenue, userId: string): boolean {
  return isVenueOwner(venue, userId) || (venue.staffIds ?? []).some((id) => String(id) === userId);
}

export function assertVenueOwner(venue: StaffedVenue, userId: string): void {
  if (!isVenueOwner(venue, userId)) throw new ForbiddenError("Only the venue's owner may do this");
}

export function assertVenueStaff(venue: StaffedVenue, userId: string): void {
  if (!isVenueStaff(venue, userId)) throw new ForbiddenError("Only the venue's owner or staff may do this");
}

/** Region-scoped officials act only within their district. */
export function assertOfficialCovers(official: OfficialPrincipal, regionCode: string | null | undefined): void {
  if (official.regionCode && official.regionCode !== regionCode) {
    throw new ForbiddenError(`This official's scope is region ${official.regionCode}`);
  }
}

/**
 * The venues an official asks about: the district they asked for (refused outside their own), a
 * district-limited official's own district when they named none, and the category if given.
 */
export function officialScope(
  official: OfficialPrincipal,
  region: string | undefined,
  category: string | undefined,
): { regionCode?: string; categoryId?: string } {
  if (region) assertOfficialCovers(official, region);
  const regionCode = official.regionCode ?? region;
  return { ...(regionCode ? { regionCode } : {}), ...(category ? { categoryId: category } : {}) };
}

/** Decisions that are not about a district (who holds an identity) belong to city-wide officials. */
export function assertUnscopedOrAdmin(official: OfficialPrincipal): void {
  if (official.role !== "admin" && official.regionCode) {
    throw new ForbiddenError(
      `This needs an administrator or an official not limited to a district (yours: ${official.regionCode})`,
      "此事项需由市级工作人员处理。",
    );
  }
}
