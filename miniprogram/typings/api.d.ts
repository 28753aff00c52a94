/**
 * The service's response types, generated from the routes' declared contracts by `npm run -s docs:api`;
 * do not edit. The mini-program and the web pages read responses through these types (checkJs).
 */

export type VenueCodeStatus =
  | {
      status: "revoked";
    }
  | {
      status: "active";
      venue: {
        id: string;
        name: string;
        categoryId: string;
        categoryName: string;
        regionCode: string;
        regionName: string;
      };
    };
export type CollectedSignIn =
  | {
      status: "pending";
    }
  | {
      status: "confirmed";
      token: string;
      expiresAt: string;
      user: User;
    };

export interface ApiResponses {
  "GET /healthz": Health;
  "POST /api/auth/wechat": ResidentSignIn;
  "POST /api/auth/login": OfficialSignIn;
  "POST /api/officials": Official;
  "GET /api/me": User;
  "PUT /api/me/identity": User;
  "GET /api/venue-categories": VenueCategories;
  "GET /api/regions": Regions;
  "GET /api/venue-search": VenueSearch;
  "POST /api/venues": OwnVenue;
  "GET /api/venues/mine": MyVenues;
  "GET /api/venues/:id": OwnVenue;
  "PATCH /api/venues/:id": OwnVenue;
  "POST /api/venues/:id/reissue": OwnVenue;
  "POST /api/venues/:id/staff-invites": StaffInvite;
  "GET /api/venues/:id/staff": VenueStaff;
  "POST /api/venues/:id/region": Venue;
  "POST /api/staff-invites/accept": AcceptedInvite;
  "GET /api/venue-codes/:code": VenueCodeStatus;
  "GET /api/me/companions": {
    companions: Companion[];
  };
  "POST /api/me/companions": Companion;
  "GET /api/me/companion-requests": CompanionRequests;
  "POST /api/me/companion-requests/:id": {
    id: string;
    consent: "given" | "declined";
  };
  "POST /api/scans": ScanOutcome;
  "POST /api/venues/:id/manual-entries": ManualEntry;
  "GET /api/me/visits": MyVisits;
  "POST /api/visits/:id/checkout": Visit;
  "GET /api/venues/:id/visits": DoorEntries;
  "PUT /api/health-codes": HealthCodeSet;
  "POST /api/me/identity-claims": IdentityClaim;
  "GET /api/identity-claims": {
    claims: IdentityClaim[];
  };
  "POST /api/identity-claims/:id/resolve": {
    id: string;
    status: "granted" | "rejected";
  };
  "POST /api/identity-corrections": {
    userId: string;
    identity: {
      /**
       * masked
       */
      name: string;
      /**
       * masked
       */
      idNumber: string;
    };
  };
  "GET /api/tickets": {
    tickets: Ticket[];
  };
  "POST /api/tickets/:id/reply": Ticket;
  "POST /api/exposures/preview": ExposurePreview;
  "POST /api/exposures": ExposureCreated;
  "POST /api/exposures/:id/confirm": ExposureCreated;
  "POST /api/exposures/:id/withdraw": {
    id: string;
    status: "withdrawn";
    corrected: number;
  };
  "POST /api/exposures/:id/clear": {
    cleared: number;
  };
  "GET /api/exposures": Exposures;
  "GET /api/exposures/:id": ExposureProgress;
  "GET /api/me/notifications": Notifications;
  "POST /api/me/subscriptions": {
    alertSubscriptions: number;
  };
  "GET /api/audit": {
    records: AuditRecord[];
  };
  "GET /api/me/venue-scans": OwnerScanCounts;
  "GET /api/stats/venues": VenueStats;
  "GET /api/stats/scans/daily": DailyScans;
  "GET /api/compliance/inactive-venues": InactiveVenues;
  "POST /api/inspections": Inspection;
  "GET /api/inspections": {
    inspections: Inspection[];
  };
  "POST /api/chat": ChatReplies;
  "POST /api/chat/sign-in-links": WebSignInLink;
  "POST /api/chat/sign-in-links/:token/collect": CollectedSignIn;
  "POST /api/me/sign-in-links/:token": {
    kind: "web" | "wechat";
  };
  "POST /api/me/bind-code": {
    code: string;
    expiresAt: string;
  };
}
export interface Health {
  status: "ok" | "degraded";
  mongo: "ok" | "down";
  redis: "ok" | "down";
  version: string;
}
export interface ResidentSignIn {
  token: string;
  expiresAt: string;
  user: User;
}
export interface User {
  id: string;
  nickname: string;
  roles: ("resident" | "owner" | "staff")[];
  realNameVerified: boolean;
  identity: MaskedPerson | null;
}
export interface MaskedPerson {
  /**
   * masked: 张*
   */
  name: string;
  /**
   * masked: 320***********123X
   */
  idNumber: string;
  /**
   * masked: 138****5678
   */
  phone?: string;
}
export interface OfficialSignIn {
  token: string;
  expiresAt: string;
  official: Official;
}
export interface Official {
  id: string;
  username: string;
  role: "health" | "police" | "admin";
  /**
   * the district an official is limited to; null: city-wide
   */
  regionCode: string | null;
}
export interface VenueCategories {
  categories: {
    id: string;
    name: string;
    includes: string[];
    defaultDwellMinutes: number;
    vehicle: boolean;
  }[];
}
export interface Regions {
  city: {
    code: string;
    name: string;
  };
  regions: {
    code: string;
    name: string;
  }[];
}
export interface VenueSearch {
  /**
   * venues matching, on every page
   */
  total: number;
  page: number;
  perPage: number;
  venues: {
    id: string;
    name: string;
    categoryName: string;
    regionName: string;
    /**
     * the address, or a vehicle's plate
     */
    address: string;
  }[];
}
export interface OwnVenue {
  id: string;
  name: string;
  categoryId: string;
  categoryName: string;
  regionCode: string;
  regionName: string;
  /**
   * fixed venues
   */
  address?: string;
  /**
   * buses and taxis
   */
  plateNumber?: string;
  /**
   * masked, except for the venue's own owner and staff
   */
  contactPhone: string;
  /**
   * the venue code printed on its poster
   */
  code: string;
  /**
   * what the QR code encodes: PUBLIC_BASE_URL/s/<code>
   */
  url: string;
  status: "active";
  staffCount: number;
  createdAt: string;
  updatedAt: string;
}
export interface MyVenues {
  venues: {
    id: string;
    name: string;
    categoryId: string;
    categoryName: string;
    regionCode: string;
    regionName: string;
    /**
     * fixed venues
     */
    address?: string;
    /**
     * buses and taxis
     */
    plateNumber?: string;
    /**
     * masked, except for the venue's own owner and staff
     */
    contactPhone: string;
    /**
     * the venue code printed on its poster
     */
    code: string;
    /**
     * what the QR code encodes: PUBLIC_BASE_URL/s/<code>
     */
    url: string;
    status: "active";
    staffCount: number;
    createdAt: string;
    updatedAt: string;
    role: "owner" | "staff";
  }[];
}
export interface StaffInvite {
  /**
   * 10 characters without I, L, O, 0 or 1
   */
  code: string;
  /**
   * PUBLIC_BASE_URL/i/<code>, opened by the mini-program
   */
  url: string;
  expiresAt: string;
  /**
   * the link's QR code as a PNG data URL
   */
  qr: string;
}
export interface VenueStaff {
  staff: {
    id: string;
    /**
     * masked real name
     */
    name: string;
    role: "owner" | "staff";
  }[];
}
export interface Venue {
  id: string;
  name: string;
  categoryId: string;
  categoryName: string;
  regionCode: string;
  regionName: string;
  /**
   * fixed venues
   */
  address?: string;
  /**
   * buses and taxis
   */
  plateNumber?: string;
  /**
   * masked, except for the venue's own owner and staff
   */
  contactPhone: string;
  /**
   * the venue code printed on its poster
   */
  code: string;
  /**
   * what the QR code encodes: PUBLIC_BASE_URL/s/<code>
   */
  url: string;
  status: "active";
  staffCount: number;
  createdAt: string;
  updatedAt: string;
}
export interface AcceptedInvite {
  venue: {
    id: string;
    name: string;
  };
  role: "owner" | "staff";
}
export interface Companion {
  id: string;
  /**
   * masked
   */
  name: string;
  /**
   * masked
   */
  idNumber: string;
  relation: "父亲" | "母亲" | "爷爷" | "奶奶" | "外公" | "外婆" | "配偶" | "子女" | "孙辈" | "亲属" | "朋友" | "其他";
  /**
   * pending or declined: the person has an account of their own and must agree first
   */
  consent: "not-needed" | "pending" | "given" | "declined";
  createdAt: string;
}
export interface CompanionRequests {
  requests: {
    id: string;
    /**
     * the masked real name of the resident who asks
     */
    requestedBy: string;
    relation: "父亲" | "母亲" | "爷爷" | "奶奶" | "外公" | "外婆" | "配偶" | "子女" | "孙辈" | "亲属" | "朋友" | "其他";
    consent: "pending" | "given";
    createdAt: string;
  }[];
}
export interface ScanOutcome {
  /**
   * the scanner first, then the companions picked
   */
  visits: Visit[];
  /**
   * one per visit, in the same order, as of now
   */
  passes: Pass[];
  /**
   * true: nothing new was recorded (a repeat within 10 minutes, or a retried request)
   */
  repeated: boolean;
}
export interface Visit {
  id: string;
  venue: {
    id: string;
    name: string;
  };
  person: {
    /**
     * masked
     */
    name: string;
    /**
     * 本人 for the scanner, or the companion's relation
     */
    relation: string | null;
  };
  /**
   * scan: the person's own; companion: checked in with a resident; manual: by staff
   */
  source: "scan" | "companion" | "manual";
  /**
   * observed: the scan
   */
  checkInAt: string;
  /**
   * observed or estimated, as endEstimated says
   */
  endAt: string;
  /**
   * checkout: the person checked out; moved: they scanned elsewhere; dwell: nobody saw them leave
   */
  endedBy: "dwell" | "checkout" | "moved";
  /**
   * true: endAt is the category's assumed stay, to be shown as an estimate (预计); false: observed
   */
  endEstimated: boolean;
}
export interface Pass {
  visitId: string;
  /**
   * masked
   */
  personName: string;
  relation: string | null;
  venueName: string;
  scannedAt: string;
  status: "green" | "yellow" | "red";
  /**
   * why it is not green; empty on a companion's or a no-phone entry's pass, which show the colour only
   */
  reasons: {
    code: "HEALTH_CODE_RED" | "HEALTH_CODE_YELLOW" | "HEALTH_CODE_UNAVAILABLE" | "EXPOSURE_ALERT";
    message: string;
  }[];
  /**
   * null on a pass that shows the colour only
   */
  healthCode: {
    available: boolean;
    colour: ("green" | "yellow" | "red") | null;
    updatedAt: string | null;
  } | null;
}
export interface ManualEntry {
  visit: Visit;
  pass: Pass1;
}
/**
 * the colour only
 */
export interface Pass1 {
  visitId: string;
  /**
   * masked
   */
  personName: string;
  relation: string | null;
  venueName: string;
  scannedAt: string;
  status: "green" | "yellow" | "red";
  /**
   * why it is not green; empty on a companion's or a no-phone entry's pass, which show the colour only
   */
  reasons: {
    code: "HEALTH_CODE_RED" | "HEALTH_CODE_YELLOW" | "HEALTH_CODE_UNAVAILABLE" | "EXPOSURE_ALERT";
    message: string;
  }[];
  /**
   * null on a pass that shows the colour only
   */
  healthCode: {
    available: boolean;
    colour: ("green" | "yellow" | "red") | null;
    updatedAt: string | null;
  } | null;
}
export interface MyVisits {
  visits: {
    id: string;
    venue: {
      id: string;
      name: string;
    };
    person: {
      /**
       * masked
       */
      name: string;
      /**
       * 本人 for the scanner, or the companion's relation
       */
      relation: string | null;
    };
    /**
     * scan: the person's own; companion: checked in with a resident; manual: by staff
     */
    source: "scan" | "companion" | "manual";
    /**
     * observed: the scan
     */
    checkInAt: string;
    /**
     * observed or estimated, as endEstimated says
     */
    endAt: string;
    /**
     * checkout: the person checked out; moved: they scanned elsewhere; dwell: nobody saw them leave
     */
    endedBy: "dwell" | "checkout" | "moved";
    /**
     * true: endAt is the category's assumed stay, to be shown as an estimate (预计); false: observed
     */
    endEstimated: boolean;
    /**
     * someone-else: a resident checked you in as their companion, or staff at a door
     */
    recordedBy: "me" | "someone-else";
  }[];
}
export interface DoorEntries {
  visits: DoorEntry[];
}
export interface DoorEntry {
  visitId: string;
  /**
   * masked
   */
  personName: string;
  source: "scan" | "companion" | "manual";
  /**
   * the pass colour the door last saw: at check-in, or at a later scan into the same visit
   */
  passStatus: "green" | "yellow" | "red";
  /**
   * anything but green: the door must look at this person
   */
  flagged: boolean;
  checkInAt: string;
}
export interface HealthCodeSet {
  /**
   * masked
   */
  idNumber: string;
  color: "green" | "yellow" | "red";
  previous: "green" | "yellow" | "red";
  updatedAt: string;
}
export interface IdentityClaim {
  id: string;
  status: "pending" | "granted" | "rejected";
  person: {
    /**
     * masked
     */
    name: string;
    /**
     * masked
     */
    idNumber: string;
  };
  note: string;
  createdAt: string;
}
export interface Ticket {
  id: string;
  /**
   * identity and mobile numbers in it are masked
   */
  question: string;
  channel: string;
  /**
   * closed once an official has answered
   */
  status: "open" | "closed";
  hasAccount: boolean;
  /**
   * the official's answer, if any
   */
  reply: {
    text: string;
    by: string;
    at: string;
  } | null;
  /**
   * the bot has passed the answer on (when the person next wrote)
   */
  replyDelivered: boolean;
  createdAt: string;
}
export interface ExposurePreview {
  /**
   * people who would be alerted
   */
  people: number;
  /**
   * of them, people seen there within a window (check-in, check-out, a scan elsewhere)
   */
  observed: number;
  /**
   * of them, people included only because an estimated stay (约) from an earlier check-in reaches a window
   */
  estimatedOnly: number;
  /**
   * the stay assumed where nobody saw a person leave; null: each category's
   */
  estimatedStayMinutes: number | null;
  visits: number;
  windows: number;
  byVenue: {
    venueId: string;
    venueName: string;
    people: number;
    /**
     * people here only by an estimated stay
     */
    estimatedOnly: number;
    visits: number;
  }[];
}
export interface ExposureCreated {
  id: string;
  status: "pending-confirmation" | "queued" | "sending" | "done" | "withdrawn";
  total: number;
}
export interface Exposures {
  exposures: {
    id: string;
    status: "pending-confirmation" | "queued" | "sending" | "done" | "withdrawn";
    riskLevel: "high" | "medium";
    places: {
      venueName: string;
      start: string;
      end: string;
    }[];
    total: number;
    delivered: number;
    failed: number;
    createdBy: string;
    createdAt: string;
  }[];
}
export interface ExposureProgress {
  id: string;
  status: "pending-confirmation" | "queued" | "sending" | "done" | "withdrawn";
  riskLevel: "high" | "medium";
  /**
   * people to alert
   */
  total: number;
  /**
   * people whose inbox has the alert
   */
  delivered: number;
  /**
   * people nobody could be told (no account)
   */
  failed: number;
  byChannel: {
    inbox: number;
    subscribeMessage: {
      sent: number;
      failed: number;
    };
    bot: {
      sent: number;
      failed: number;
    };
  };
  createdBy: string;
  createdAt: string;
}
export interface Notifications {
  notifications: Notification[];
}
export interface Notification {
  id: string;
  exposureId: string;
  /**
   * correction: an earlier alert's event was withdrawn; clearance: a health official cleared the alert
   */
  kind: "alert" | "correction" | "clearance";
  about: {
    /**
     * masked
     */
    name: string;
    /**
     * 本人: about the resident; otherwise about their companion
     */
    relation: string;
  };
  riskLevel: "high" | "medium";
  text: string;
  acknowledged: boolean;
  /**
   * an alert withdrawn or cleared since: it no longer affects the pass
   */
  cleared: boolean;
  createdAt: string;
}
export interface AuditRecord {
  id: string;
  username: string;
  /**
   * exposure.preview, health-code.set, identity.correct, venue.region, …
   */
  action: string;
  /**
   * the action in Chinese, as officials call it
   */
  actionName: string;
  /**
   * what was asked or changed, in one Chinese line (identity numbers masked)
   */
  summary: string;
  /**
   * when, in China time (YYYY/MM/DD HH:mm:ss)
   */
  localTime: string;
  /**
   * what was asked, identity numbers masked
   */
  query: {
    [k: string]: unknown;
  };
  peopleTouched: number;
  at: string;
}
export interface OwnerScanCounts {
  venues: {
    venueId: string;
    name: string;
    /**
     * scans since midnight, China time
     */
    today: number;
    /**
     * scans since Monday midnight, China time
     */
    thisWeek: number;
  }[];
}
export interface VenueStats {
  groupBy: "region" | "category";
  from: string;
  to: string;
  rows: {
    /**
     * a region code or a category id
     */
    key: string;
    name: string;
    /**
     * venues registered
     */
    venues: number;
    /**
     * venues with a scan in the 24 hours before `to`
     */
    activeVenues: number;
    /**
     * scans in the range
     */
    scans: number;
  }[];
}
export interface DailyScans {
  days: {
    /**
     * YYYY-MM-DD
     */
    date: string;
    scans: number;
  }[];
}
export interface InactiveVenues {
  hours: number;
  total: number;
  venues: {
    id: string;
    name: string;
    categoryName: string;
    regionName: string;
    /**
     * the address, or a vehicle's plate
     */
    address: string;
    /**
     * whole, so the officer can call; showing it is audited
     */
    contactPhone: string;
    /**
     * the latest check-in kept (RETENTION_DAYS), or null
     */
    lastScanAt: string | null;
    registeredAt: string;
  }[];
}
export interface Inspection {
  id: string;
  venueId: string;
  venueName: string;
  regionCode: string;
  regionName: string;
  result: "compliant" | "not-posted" | "not-enforced";
  rectifiedOnSite: boolean;
  fineYuan: number | null;
  note: string;
  inspector: string;
  at: string;
}
export interface ChatReplies {
  replies: (
    | {
        type: "text";
        text: string;
      }
    | {
        type: "image";
        /**
         * a PNG data URL (the QR code)
         */
        url: string;
      }
    | {
        type: "sign-in";
      }
  )[];
}
export interface WebSignInLink {
  token: string;
  /**
   * PUBLIC_BASE_URL/l/<token>, opened by the mini-program
   */
  url: string;
  expiresAt: string;
  /**
   * only this page holds it: collecting the sign-in needs it
   */
  secret: string;
  /**
   * the link's QR code as a PNG data URL
   */
  qr: string;
}
export interface Error {
  error: {
    code: string;
    /**
     * English, for API clients and logs
     */
    message: string;
    /**
     * Chinese, for the person reading a page or a chat; for VALIDATION_FAILED it names the field
     */
    userMessage: string;
    /**
     * VALIDATION_FAILED: the first refused field (details has each, with its userMessage)
     */
    field?: string;
    details?: unknown;
    requestId?: string;
  };
}

/** `call(method, path, data)` as the mini-program (lib/api.js) and the console (console-kit.js) make it, typed by route. */
export interface ApiCall {
  (method: "GET", path: "/api/compliance/inactive-venues" | `/api/compliance/inactive-venues?${string}`, data?: unknown): Promise<ApiResponses["GET /api/compliance/inactive-venues"]>;
  (method: "GET", path: "/api/me/companion-requests" | `/api/me/companion-requests?${string}`, data?: unknown): Promise<ApiResponses["GET /api/me/companion-requests"]>;
  (method: "POST", path: "/api/staff-invites/accept" | `/api/staff-invites/accept?${string}`, data?: unknown): Promise<ApiResponses["POST /api/staff-invites/accept"]>;
  (method: "POST", path: "/api/identity-corrections" | `/api/identity-corrections?${string}`, data?: unknown): Promise<ApiResponses["POST /api/identity-corrections"]>;
  (method: "POST", path: "/api/me/identity-claims" | `/api/me/identity-claims?${string}`, data?: unknown): Promise<ApiResponses["POST /api/me/identity-claims"]>;
  (method: "POST", path: "/api/chat/sign-in-links" | `/api/chat/sign-in-links?${string}`, data?: unknown): Promise<ApiResponses["POST /api/chat/sign-in-links"]>;
  (method: "POST", path: "/api/exposures/preview" | `/api/exposures/preview?${string}`, data?: unknown): Promise<ApiResponses["POST /api/exposures/preview"]>;
  (method: "GET", path: "/api/stats/scans/daily" | `/api/stats/scans/daily?${string}`, data?: unknown): Promise<ApiResponses["GET /api/stats/scans/daily"]>;
  (method: "GET", path: "/api/venue-categories" | `/api/venue-categories?${string}`, data?: unknown): Promise<ApiResponses["GET /api/venue-categories"]>;
  (method: "GET", path: "/api/me/notifications" | `/api/me/notifications?${string}`, data?: unknown): Promise<ApiResponses["GET /api/me/notifications"]>;
  (method: "POST", path: "/api/me/subscriptions" | `/api/me/subscriptions?${string}`, data?: unknown): Promise<ApiResponses["POST /api/me/subscriptions"]>;
  (method: "GET", path: "/api/identity-claims" | `/api/identity-claims?${string}`, data?: unknown): Promise<ApiResponses["GET /api/identity-claims"]>;
  (method: "GET", path: "/api/me/venue-scans" | `/api/me/venue-scans?${string}`, data?: unknown): Promise<ApiResponses["GET /api/me/venue-scans"]>;
  (method: "GET", path: "/api/me/companions" | `/api/me/companions?${string}`, data?: unknown): Promise<ApiResponses["GET /api/me/companions"]>;
  (method: "POST", path: "/api/me/companions" | `/api/me/companions?${string}`, data?: unknown): Promise<ApiResponses["POST /api/me/companions"]>;
  (method: "GET", path: "/api/venue-search" | `/api/venue-search?${string}`, data?: unknown): Promise<ApiResponses["GET /api/venue-search"]>;
  (method: "PUT", path: "/api/health-codes" | `/api/health-codes?${string}`, data?: unknown): Promise<ApiResponses["PUT /api/health-codes"]>;
  (method: "GET", path: "/api/stats/venues" | `/api/stats/venues?${string}`, data?: unknown): Promise<ApiResponses["GET /api/stats/venues"]>;
  (method: "POST", path: "/api/me/bind-code" | `/api/me/bind-code?${string}`, data?: unknown): Promise<ApiResponses["POST /api/me/bind-code"]>;
  (method: "GET", path: "/api/openapi.json" | `/api/openapi.json?${string}`, data?: unknown): Promise<unknown>;
  (method: "POST", path: "/api/auth/wechat" | `/api/auth/wechat?${string}`, data?: unknown): Promise<ApiResponses["POST /api/auth/wechat"]>;
  (method: "PUT", path: "/api/me/identity" | `/api/me/identity?${string}`, data?: unknown): Promise<ApiResponses["PUT /api/me/identity"]>;
  (method: "GET", path: "/api/venues/mine" | `/api/venues/mine?${string}`, data?: unknown): Promise<ApiResponses["GET /api/venues/mine"]>;
  (method: "POST", path: "/api/inspections" | `/api/inspections?${string}`, data?: unknown): Promise<ApiResponses["POST /api/inspections"]>;
  (method: "GET", path: "/api/inspections" | `/api/inspections?${string}`, data?: unknown): Promise<ApiResponses["GET /api/inspections"]>;
  (method: "POST", path: "/api/auth/login" | `/api/auth/login?${string}`, data?: unknown): Promise<ApiResponses["POST /api/auth/login"]>;
  (method: "POST", path: "/api/officials" | `/api/officials?${string}`, data?: unknown): Promise<ApiResponses["POST /api/officials"]>;
  (method: "GET", path: "/api/me/visits" | `/api/me/visits?${string}`, data?: unknown): Promise<ApiResponses["GET /api/me/visits"]>;
  (method: "POST", path: "/api/exposures" | `/api/exposures?${string}`, data?: unknown): Promise<ApiResponses["POST /api/exposures"]>;
  (method: "GET", path: "/api/exposures" | `/api/exposures?${string}`, data?: unknown): Promise<ApiResponses["GET /api/exposures"]>;
  (method: "GET", path: "/api/regions" | `/api/regions?${string}`, data?: unknown): Promise<ApiResponses["GET /api/regions"]>;
  (method: "GET", path: "/api/tickets" | `/api/tickets?${string}`, data?: unknown): Promise<ApiResponses["GET /api/tickets"]>;
  (method: "POST", path: "/api/venues" | `/api/venues?${string}`, data?: unknown): Promise<ApiResponses["POST /api/venues"]>;
  (method: "POST", path: "/api/scans" | `/api/scans?${string}`, data?: unknown): Promise<ApiResponses["POST /api/scans"]>;
  (method: "GET", path: "/api/audit" | `/api/audit?${string}`, data?: unknown): Promise<ApiResponses["GET /api/audit"]>;
  (method: "POST", path: "/api/chat" | `/api/chat?${string}`, data?: unknown): Promise<ApiResponses["POST /api/chat"]>;
  (method: "GET", path: "/api/me" | `/api/me?${string}`, data?: unknown): Promise<ApiResponses["GET /api/me"]>;
  (method: "POST", path: `/api/chat/sign-in-links/${string}/collect` | `/api/chat/sign-in-links/${string}/collect?${string}`, data?: unknown): Promise<ApiResponses["POST /api/chat/sign-in-links/:token/collect"]>;
  (method: "POST", path: `/api/identity-claims/${string}/resolve` | `/api/identity-claims/${string}/resolve?${string}`, data?: unknown): Promise<ApiResponses["POST /api/identity-claims/:id/resolve"]>;
  (method: "GET", path: `/api/venue-codes/${string}/poster.png` | `/api/venue-codes/${string}/poster.png?${string}`, data?: unknown): Promise<unknown>;
  (method: "POST", path: `/api/me/companion-requests/${string}` | `/api/me/companion-requests/${string}?${string}`, data?: unknown): Promise<ApiResponses["POST /api/me/companion-requests/:id"]>;
  (method: "POST", path: `/api/venues/${string}/manual-entries` | `/api/venues/${string}/manual-entries?${string}`, data?: unknown): Promise<ApiResponses["POST /api/venues/:id/manual-entries"]>;
  (method: "POST", path: `/api/venues/${string}/staff-invites` | `/api/venues/${string}/staff-invites?${string}`, data?: unknown): Promise<ApiResponses["POST /api/venues/:id/staff-invites"]>;
  (method: "GET", path: `/api/venues/${string}/visits/stream` | `/api/venues/${string}/visits/stream?${string}`, data?: unknown): Promise<unknown>;
  (method: "POST", path: `/api/me/notifications/${string}/ack` | `/api/me/notifications/${string}/ack?${string}`, data?: unknown): Promise<unknown>;
  (method: "GET", path: `/api/venue-codes/${string}/poster` | `/api/venue-codes/${string}/poster?${string}`, data?: unknown): Promise<unknown>;
  (method: "POST", path: `/api/exposures/${string}/withdraw` | `/api/exposures/${string}/withdraw?${string}`, data?: unknown): Promise<ApiResponses["POST /api/exposures/:id/withdraw"]>;
  (method: "GET", path: `/api/venues/${string}/poster.png` | `/api/venues/${string}/poster.png?${string}`, data?: unknown): Promise<unknown>;
  (method: "POST", path: `/api/exposures/${string}/confirm` | `/api/exposures/${string}/confirm?${string}`, data?: unknown): Promise<ApiResponses["POST /api/exposures/:id/confirm"]>;
  (method: "GET", path: `/api/exposures/${string}/stream` | `/api/exposures/${string}/stream?${string}`, data?: unknown): Promise<unknown>;
  (method: "POST", path: `/api/me/sign-in-links/${string}` | `/api/me/sign-in-links/${string}?${string}`, data?: unknown): Promise<ApiResponses["POST /api/me/sign-in-links/:token"]>;
  (method: "POST", path: `/api/visits/${string}/checkout` | `/api/visits/${string}/checkout?${string}`, data?: unknown): Promise<ApiResponses["POST /api/visits/:id/checkout"]>;
  (method: "POST", path: `/api/exposures/${string}/clear` | `/api/exposures/${string}/clear?${string}`, data?: unknown): Promise<ApiResponses["POST /api/exposures/:id/clear"]>;
  (method: "POST", path: `/api/venues/${string}/reissue` | `/api/venues/${string}/reissue?${string}`, data?: unknown): Promise<ApiResponses["POST /api/venues/:id/reissue"]>;
  (method: "DELETE", path: `/api/venues/${string}/staff/${string}` | `/api/venues/${string}/staff/${string}?${string}`, data?: unknown): Promise<unknown>;
  (method: "POST", path: `/api/venues/${string}/region` | `/api/venues/${string}/region?${string}`, data?: unknown): Promise<ApiResponses["POST /api/venues/:id/region"]>;
  (method: "GET", path: `/api/venues/${string}/qr.png` | `/api/venues/${string}/qr.png?${string}`, data?: unknown): Promise<unknown>;
  (method: "GET", path: `/api/venues/${string}/qr.svg` | `/api/venues/${string}/qr.svg?${string}`, data?: unknown): Promise<unknown>;
  (method: "GET", path: `/api/venues/${string}/poster` | `/api/venues/${string}/poster?${string}`, data?: unknown): Promise<unknown>;
  (method: "DELETE", path: `/api/me/companions/${string}` | `/api/me/companions/${string}?${string}`, data?: unknown): Promise<unknown>;
  (method: "GET", path: `/api/venues/${string}/visits` | `/api/venues/${string}/visits?${string}`, data?: unknown): Promise<ApiResponses["GET /api/venues/:id/visits"]>;
  (method: "POST", path: `/api/tickets/${string}/reply` | `/api/tickets/${string}/reply?${string}`, data?: unknown): Promise<ApiResponses["POST /api/tickets/:id/reply"]>;
  (method: "GET", path: `/api/venues/${string}/staff` | `/api/venues/${string}/staff?${string}`, data?: unknown): Promise<ApiResponses["GET /api/venues/:id/staff"]>;
  (method: "GET", path: `/api/venue-codes/${string}` | `/api/venue-codes/${string}?${string}`, data?: unknown): Promise<ApiResponses["GET /api/venue-codes/:code"]>;
  (method: "GET", path: `/api/exposures/${string}` | `/api/exposures/${string}?${string}`, data?: unknown): Promise<ApiResponses["GET /api/exposures/:id"]>;
  (method: "GET", path: `/api/venues/${string}` | `/api/venues/${string}?${string}`, data?: unknown): Promise<ApiResponses["GET /api/venues/:id"]>;
  (method: "PATCH", path: `/api/venues/${string}` | `/api/venues/${string}?${string}`, data?: unknown): Promise<ApiResponses["PATCH /api/venues/:id"]>;
}

/** The web pages' `call(method, path, {token, body})` (src/web/assets/api.js), typed by route. */
export interface WebApiCall {
  (method: "GET", path: "/api/compliance/inactive-venues" | `/api/compliance/inactive-venues?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/compliance/inactive-venues"]>;
  (method: "GET", path: "/api/me/companion-requests" | `/api/me/companion-requests?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/me/companion-requests"]>;
  (method: "POST", path: "/api/staff-invites/accept" | `/api/staff-invites/accept?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/staff-invites/accept"]>;
  (method: "POST", path: "/api/identity-corrections" | `/api/identity-corrections?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/identity-corrections"]>;
  (method: "POST", path: "/api/me/identity-claims" | `/api/me/identity-claims?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/me/identity-claims"]>;
  (method: "POST", path: "/api/chat/sign-in-links" | `/api/chat/sign-in-links?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/chat/sign-in-links"]>;
  (method: "POST", path: "/api/exposures/preview" | `/api/exposures/preview?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/exposures/preview"]>;
  (method: "GET", path: "/api/stats/scans/daily" | `/api/stats/scans/daily?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/stats/scans/daily"]>;
  (method: "GET", path: "/api/venue-categories" | `/api/venue-categories?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/venue-categories"]>;
  (method: "GET", path: "/api/me/notifications" | `/api/me/notifications?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/me/notifications"]>;
  (method: "POST", path: "/api/me/subscriptions" | `/api/me/subscriptions?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/me/subscriptions"]>;
  (method: "GET", path: "/api/identity-claims" | `/api/identity-claims?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/identity-claims"]>;
  (method: "GET", path: "/api/me/venue-scans" | `/api/me/venue-scans?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/me/venue-scans"]>;
  (method: "GET", path: "/api/me/companions" | `/api/me/companions?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/me/companions"]>;
  (method: "POST", path: "/api/me/companions" | `/api/me/companions?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/me/companions"]>;
  (method: "GET", path: "/api/venue-search" | `/api/venue-search?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/venue-search"]>;
  (method: "PUT", path: "/api/health-codes" | `/api/health-codes?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["PUT /api/health-codes"]>;
  (method: "GET", path: "/api/stats/venues" | `/api/stats/venues?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/stats/venues"]>;
  (method: "POST", path: "/api/me/bind-code" | `/api/me/bind-code?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/me/bind-code"]>;
  (method: "GET", path: "/api/openapi.json" | `/api/openapi.json?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "POST", path: "/api/auth/wechat" | `/api/auth/wechat?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/auth/wechat"]>;
  (method: "PUT", path: "/api/me/identity" | `/api/me/identity?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["PUT /api/me/identity"]>;
  (method: "GET", path: "/api/venues/mine" | `/api/venues/mine?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/venues/mine"]>;
  (method: "POST", path: "/api/inspections" | `/api/inspections?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/inspections"]>;
  (method: "GET", path: "/api/inspections" | `/api/inspections?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/inspections"]>;
  (method: "POST", path: "/api/auth/login" | `/api/auth/login?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/auth/login"]>;
  (method: "POST", path: "/api/officials" | `/api/officials?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/officials"]>;
  (method: "GET", path: "/api/me/visits" | `/api/me/visits?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/me/visits"]>;
  (method: "POST", path: "/api/exposures" | `/api/exposures?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/exposures"]>;
  (method: "GET", path: "/api/exposures" | `/api/exposures?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/exposures"]>;
  (method: "GET", path: "/api/regions" | `/api/regions?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/regions"]>;
  (method: "GET", path: "/api/tickets" | `/api/tickets?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/tickets"]>;
  (method: "POST", path: "/api/venues" | `/api/venues?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/venues"]>;
  (method: "POST", path: "/api/scans" | `/api/scans?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/scans"]>;
  (method: "GET", path: "/api/audit" | `/api/audit?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/audit"]>;
  (method: "POST", path: "/api/chat" | `/api/chat?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/chat"]>;
  (method: "GET", path: "/api/me" | `/api/me?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/me"]>;
  (method: "POST", path: `/api/chat/sign-in-links/${string}/collect` | `/api/chat/sign-in-links/${string}/collect?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/chat/sign-in-links/:token/collect"]>;
  (method: "POST", path: `/api/identity-claims/${string}/resolve` | `/api/identity-claims/${string}/resolve?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/identity-claims/:id/resolve"]>;
  (method: "GET", path: `/api/venue-codes/${string}/poster.png` | `/api/venue-codes/${string}/poster.png?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "POST", path: `/api/me/companion-requests/${string}` | `/api/me/companion-requests/${string}?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/me/companion-requests/:id"]>;
  (method: "POST", path: `/api/venues/${string}/manual-entries` | `/api/venues/${string}/manual-entries?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/venues/:id/manual-entries"]>;
  (method: "POST", path: `/api/venues/${string}/staff-invites` | `/api/venues/${string}/staff-invites?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/venues/:id/staff-invites"]>;
  (method: "GET", path: `/api/venues/${string}/visits/stream` | `/api/venues/${string}/visits/stream?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "POST", path: `/api/me/notifications/${string}/ack` | `/api/me/notifications/${string}/ack?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "GET", path: `/api/venue-codes/${string}/poster` | `/api/venue-codes/${string}/poster?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "POST", path: `/api/exposures/${string}/withdraw` | `/api/exposures/${string}/withdraw?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/exposures/:id/withdraw"]>;
  (method: "GET", path: `/api/venues/${string}/poster.png` | `/api/venues/${string}/poster.png?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "POST", path: `/api/exposures/${string}/confirm` | `/api/exposures/${string}/confirm?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/exposures/:id/confirm"]>;
  (method: "GET", path: `/api/exposures/${string}/stream` | `/api/exposures/${string}/stream?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "POST", path: `/api/me/sign-in-links/${string}` | `/api/me/sign-in-links/${string}?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/me/sign-in-links/:token"]>;
  (method: "POST", path: `/api/visits/${string}/checkout` | `/api/visits/${string}/checkout?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/visits/:id/checkout"]>;
  (method: "POST", path: `/api/exposures/${string}/clear` | `/api/exposures/${string}/clear?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/exposures/:id/clear"]>;
  (method: "POST", path: `/api/venues/${string}/reissue` | `/api/venues/${string}/reissue?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/venues/:id/reissue"]>;
  (method: "DELETE", path: `/api/venues/${string}/staff/${string}` | `/api/venues/${string}/staff/${string}?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "POST", path: `/api/venues/${string}/region` | `/api/venues/${string}/region?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/venues/:id/region"]>;
  (method: "GET", path: `/api/venues/${string}/qr.png` | `/api/venues/${string}/qr.png?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "GET", path: `/api/venues/${string}/qr.svg` | `/api/venues/${string}/qr.svg?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "GET", path: `/api/venues/${string}/poster` | `/api/venues/${string}/poster?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "DELETE", path: `/api/me/companions/${string}` | `/api/me/companions/${string}?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<unknown>;
  (method: "GET", path: `/api/venues/${string}/visits` | `/api/venues/${string}/visits?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/venues/:id/visits"]>;
  (method: "POST", path: `/api/tickets/${string}/reply` | `/api/tickets/${string}/reply?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["POST /api/tickets/:id/reply"]>;
  (method: "GET", path: `/api/venues/${string}/staff` | `/api/venues/${string}/staff?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/venues/:id/staff"]>;
  (method: "GET", path: `/api/venue-codes/${string}` | `/api/venue-codes/${string}?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/venue-codes/:code"]>;
  (method: "GET", path: `/api/exposures/${string}` | `/api/exposures/${string}?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/exposures/:id"]>;
  (method: "GET", path: `/api/venues/${string}` | `/api/venues/${string}?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["GET /api/venues/:id"]>;
  (method: "PATCH", path: `/api/venues/${string}` | `/api/venues/${string}?${string}`, options?: { token?: string | undefined; body?: unknown }): Promise<ApiResponses["PATCH /api/venues/:id"]>;
}
