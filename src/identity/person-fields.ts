/**
 * The protected real-name details of a person (see person.ts) as fields of a mongoose schema, for
 * every collection that records a person: accounts, companions, identity claims.
 */
export const protectedPersonFields = {
  idHash: { type: String, required: true },
  idCipher: { type: String, required: true },
  idMasked: { type: String, required: true },
  nameCipher: { type: String, required: true },
  nameMasked: { type: String, required: true },
  phoneCipher: { type: String },
  phoneMasked: { type: String },
};
