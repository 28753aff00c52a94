import { z } from "zod";
import { reasonSchema } from "../audit/audit.schema.js";
import type { FieldLabels } from "../http/field-labels.js";
import { named } from "../http/named.js";
import { id, isoTime, withoutIdNumber } from "../http/schemas.js";

const text = (min: number, max: number, what: string) =>
  withoutIdNumber(
    z
      .string()
      .trim()
      .min(min, `expected ${what} of at least ${min} characters`)
      .max(max, `expected ${what} of at most ${max} characters`)
      .refine((value) => !/[<>\p{Cc}]/u.test(value), `${what} may not contain < > or control characters`),
    what,
  );

/** Mainland plates: province abbreviation, a letter, then 5 (or 6 for new-energy vehicles) letters/digits. */
const PLATE =
  /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]$/;

export const venueFields = {
  name: text(2, 50, "a venue name"),
  categoryId: z.string().regex(/^[a-z-]{2,40}$/, "expected a category id from GET /api/venue-categories"),
  regionCode: z.string().regex(/^[A-Za-z0-9-]{2,20}$/, "expected a region code from GET /api/regions"),
  address: text(4, 100, "an address"),
  plateNumber: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase().replace(/[\s·-]/g, ""))
    .pipe(z.string().regex(PLATE, "expected a mainland plate number such as 苏J12345")),
  contactPhone: z
    .string()
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "expected a mobile number or a landline such as 0515-88888888"),
};

/** A venue's `name` is the venue's, not a person's (field-labels.ts). */
export const venueFieldLabels: FieldLabels = {
  name: { label: "场所名称", expected: "请填写2至50个字的场所名称，不能含有 < > 等符号" },
};

export const createVenueSchema = z
  .object({
    name: venueFields.name,
    categoryId: venueFields.categoryId,
    regionCode: venueFields.regionCode,
    address: venueFields.address.optional(),
    plateNumber: venueFields.plateNumber.optional(),
    contactPhone: venueFields.contactPhone,
  })
  .strict();

export const updateVenueSchema = createVenueSchema
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, "expected at least one field to change");

export type CreateVenueInput = z.infer<typeof createVenueSchema>;
export type UpdateVenueInput = z.infer<typeof updateVenueSchema>;

export const moveRegionSchema = z.object({ regionCode: venueFields.regionCode, reason: reasonSchema }).strict();

export const acceptInviteSchema = z
  .object({ code: z.string().regex(/^[A-HJ-NP-Z2-9]{10}$/, "expected the 10-character invitation code") })
  .strict();

/** A venue as officials and the public see it: the contact phone masked. */
export const venuePublicSchema = named(
  "Venue",
  z.strictObject({
    id,
    name: z.string(),
    categoryId: z.string(),
    categoryName: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    address: z.string().optional().describe("fixed venues"),
    plateNumber: z.string().optional().describe("buses and taxis"),
    contactPhone: z.string().describe("masked, except for the venue's own owner and staff"),
    code: z.string().describe("the venue code printed on its poster"),
    url: z.string().describe("what the QR code encodes: PUBLIC_BASE_URL/s/<code>"),
    status: z.enum(["active"]),
    staffCount: z.number().int(),
    createdAt: isoTime,
    updatedAt: isoTime,
  }),
);
export type VenuePublicView = z.infer<typeof venuePublicSchema>;

/** The same, as its owner and staff see it: the contact phone whole. */
export const venueOwnerSchema = named("OwnVenue", venuePublicSchema.extend({}));

export const myVenuesSchema = named(
  "MyVenues",
  z.strictObject({ venues: z.array(venueOwnerSchema.extend({ role: z.enum(["owner", "staff"]) })) }),
);

export const staffInviteSchema = named(
  "StaffInvite",
  z.strictObject({
    code: z.string().describe("10 characters without I, L, O, 0 or 1"),
    url: z.string().describe("PUBLIC_BASE_URL/i/<code>, opened by the mini-program"),
    expiresAt: isoTime,
    qr: z.string().describe("the link's QR code as a PNG data URL"),
  }),
);

export const staffListSchema = named(
  "VenueStaff",
  z.strictObject({
    staff: z.array(
      z.strictObject({ id, name: z.string().describe("masked real name"), role: z.enum(["owner", "staff"]) }),
    ),
  }),
);

export const acceptedInviteSchema = named(
  "AcceptedInvite",
  z.strictObject({ venue: z.strictObject({ id, name: z.string() }), role: z.enum(["owner", "staff"]) }),
);

/** Officials looking a venue up by what they know of it: part of its name or address, district, category. */
export const venueSearchQuery = z
  .object({
    q: z.string().trim().max(40, "expected at most 40 characters to search for").default(""),
    region: venueFields.regionCode.optional(),
    category: venueFields.categoryId.optional(),
    page: z.coerce.number().int().min(1).max(1000).default(1),
    perPage: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

/** A venue in officials' lists: enough to recognise it and act on it. */
export const venueListingFields = {
  id,
  name: z.string(),
  categoryName: z.string(),
  regionName: z.string(),
  address: z.string().describe("the address, or a vehicle's plate"),
};

export const venueSearchSchema = named(
  "VenueSearch",
  z.strictObject({
    total: z.number().int().describe("venues matching, on every page"),
    page: z.number().int(),
    perPage: z.number().int(),
    venues: z.array(z.strictObject(venueListingFields)),
  }),
);
