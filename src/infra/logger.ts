import { pino } from "pino";

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Fields that could carry personal data are redacted wherever they appear,
 * so a careless `logger.info({ body })` cannot leak an identity number, a phone or a password.
 */
export const REDACTED_FIELDS = [
  "idNumber",
  "phone",
  "contactPhone",
  "password",
  "name",
  "token",
  "authorization",
  "cookie",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const paths = REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);
  return pino(
    {
      level,
      base: { service: "venue-code" },
      redact: { paths, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
