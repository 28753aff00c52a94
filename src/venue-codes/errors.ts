import { GoneError, NotFoundError } from "../errors.js";

export function invalidVenueCode(): NotFoundError {
  return new NotFoundError(
    "This venue code is not valid: it was not issued by this system or has been altered",
    "这不是有效的场所码，可能是伪造或被篡改的，请勿扫码登记，并告知工作人员。",
    "VENUE_CODE_INVALID",
  );
}

export function revokedVenueCode(): GoneError {
  return new GoneError(
    "VENUE_CODE_REVOKED",
    "This venue code was replaced by a new one",
    "这个场所码已停用，请扫描场所张贴的新码。",
  );
}
