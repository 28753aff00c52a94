/**
 * Errors the embedded server reports to clients. Codes and code names are MongoDB's own
 * (src/mongo/base/error_codes.yml) so drivers and mongoose classify them as they would a real server's.
 */
export const ErrorCodes = {
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  MaxTimeMSExpired: 50,
  NamespaceExists: 48,
  UnknownReplWriteConcern: 79,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  UnsatisfiableWriteConcern: 100,
  DocumentValidationFailure: 121,
  CommandNotSupportedOnView: 166,
  NotImplemented: 238,
  BSONObjectTooLarge: 10334,
  Location17217: 17217,
  Location17419: 17419,
  Location40324: 40324,
  Location40415: 40415,
  DuplicateKey: 11000,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Record<string, unknown>;

  constructor(codeName: ErrorCodeName, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.code = ErrorCodes[codeName];
    this.codeName = codeName;
    this.extra = extra;
  }

  /** The fields MongoDB puts in a failed command reply or in a writeErrors entry. */
  toReplyFields(): Record<string, unknown> {
    return { errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

/** Wraps anything thrown by a dependency (mingo, bson) as a MongoDB-shaped error. */
export function asCommandError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MongoCommandError("BadValue", message);
}
