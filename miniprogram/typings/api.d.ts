/**
 * The service's response types, generated from the routes' declared contracts by `npm run -s docs:api`;
 * do not edit. The mini-program and the web pages read responses through these types (checkJs).
 */

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

export interface AcceptedInvite {
  venue: {
    id: string;
    name: string;
  };
  role: "owner" | "staff";
}
export interface AuditRecord {
  id: string;
  username: string;
  /**
   * exposure.preview, health-code.set, identity.correct, venue.region, …
   */
  action: string;
  /**
   * what was asked, identity numbers masked
   */
  query: {
    [k: string]: unknown;
  };
  peopleTouched: number;
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
export interface DailyScans {
  days: {
    /**
     * YYYY-MM-DD
     */
    date: string;
    scans: number;
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
   * the pass colour recorded at check-in
   */
  passStatus: "green" | "yellow" | "red";
  /**
   * anything but green: the door must look at this person
   */
  flagged: boolean;
  checkInAt: string;
}
export interface Error {
  error: {
    code: string;
    /**
     * English, for API clients and logs
     */
    message: string;
    /**
     * Chinese, for the person reading a page or a chat
     */
    userMessage: string;
    details?: unknown;
    requestId?: string;
  };
}
export interface ExposureCreated {
  id: string;
  status: "pending-confirmation" | "queued" | "sending" | "done" | "withdrawn";
  total: number;
}
export interface ExposurePreview {
  /**
   * people who would be alerted
   */
  people: number;
  visits: number;
  windows: number;
  byVenue: {
    venueId: string;
    venueName: string;
    people: number;
    visits: number;
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
export interface Health {
  status: "ok" | "degraded";
  mongo: "ok" | "down";
  redis: "ok" | "down";
  version: string;
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
     * masked
     */
    contactPhone: string;
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
export interface ManualEntry {
  visit: Visit;
  pass: Pass;
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
  checkInAt: string;
  endAt: string;
  endedBy: "dwell" | "checkout" | "moved";
}
/**
 * the colour only
 */
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
    checkInAt: string;
    endAt: string;
    endedBy: "dwell" | "checkout" | "moved";
    /**
     * someone-else: a resident checked you in as their companion, or staff at a door
     */
    recordedBy: "me" | "someone-else";
  }[];
}
export interface Notification {
  id: string;
  exposureId: string;
  /**
   * correction: an earlier alert was withdrawn
   */
  kind: "alert" | "correction";
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
  createdAt: string;
}
export interface Notifications {
  notifications: Notification[];
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
export interface OfficialSignIn {
  token: string;
  expiresAt: string;
  official: Official;
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
export interface ResidentSignIn {
  token: string;
  expiresAt: string;
  user: User;
}
export interface ScanOutcome {
  /**
   * the scanner first, then the companions picked
   */
  visits: Visit[];
  /**
   * one per visit, in the same order, as of now
   */
  passes: Pass1[];
  /**
   * true: nothing new was recorded (a repeat within 10 minutes, or a retried request)
   */
  repeated: boolean;
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
export interface Ticket {
  id: string;
  /**
   * identity numbers in it are masked
   */
  question: string;
  channel: string;
  status: "open" | "closed";
  hasAccount: boolean;
  createdAt: string;
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
export interface VenueCategories {
  categories: {
    id: string;
    name: string;
    includes: string[];
    defaultDwellMinutes: number;
    vehicle: boolean;
  }[];
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
