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
  PathNotViable: 28,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  MaxTimeMSExpired: 50,
  NamespaceExists: 48,
  UnknownReplWriteConcern: 79,
  DollarPrefixedFieldName: 52,
  EmptyFieldName: 56,
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
  InvalidPipelineOperator: 168,
  NotImplemented: 238,
  ConversionFailure: 241,
  BSONObjectTooLarge: 10334,
  Location15952: 15952,
  Location15955: 15955,
  Location15959: 15959,
  Location15974: 15974,
  Location15976: 15976,
  Location16020: 16020,
  Location16554: 16554,
  Location16555: 16555,
  Location16556: 16556,
  Location16608: 16608,
  Location16609: 16609,
  Location16610: 16610,
  Location16611: 16611,
  Location16612: 16612,
  Location17217: 17217,
  Location17419: 17419,
  Location28765: 28765,
  Location40324: 40324,
  Location40352: 40352,
  Location51091: 51091,
  Location51108: 51108,
  Location40415: 40415,
  Location40066: 40066,
  Location40192: 40192,
  Location40193: 40193,
  Location40194: 40194,
  Location40198: 40198,
  Location40234: 40234,
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
