export const OFFICIAL_ROLES = ["health", "police", "admin"] as const;
export type OfficialRole = (typeof OFFICIAL_ROLES)[number];

/** Who is calling: a resident signed in through WeChat, or an official with a username. */
export type Principal =
  | { kind: "resident"; userId: string }
  | { kind: "official"; officialId: string; username: string; role: OfficialRole; regionCode?: string };

export type ResidentPrincipal = Extract<Principal, { kind: "resident" }>;
export type OfficialPrincipal = Extract<Principal, { kind: "official" }>;
