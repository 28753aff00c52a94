import { z } from "zod";
import { maskIdNumber, maskName, maskPhone } from "./masking.js";
import type { PersonalDataProtector } from "./protection.js";
import { MOBILE_PATTERN, normaliseResidentId, RESIDENT_ID_MESSAGES, residentIdProblem } from "./resident-id.js";

/** A person's real-name details as entered: validated, never stored as given. */
export const personSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(
      /^[\u3400-\u9fff·]{2,20}$|^[A-Za-z][A-Za-z .'-]{1,49}$/,
      "expected a real name: 2 to 20 Chinese characters, or a name in Latin letters",
    ),
  idNumber: z
    .string()
    .transform(normaliseResidentId)
    .superRefine((value, ctx) => {
      const problem = residentIdProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: RESIDENT_ID_MESSAGES[problem] });
    }),
  phone: z.string().trim().regex(MOBILE_PATTERN, "expected an 11-digit mainland mobile number starting 13 to 19"),
});

export type PersonInput = z.infer<typeof personSchema>;

/** How a person is stored: a hash to match them, ciphertexts for officials, masks for everyone else. */
export interface ProtectedPerson {
  idHash: string;
  idCipher: string;
  idMasked: string;
  nameCipher: string;
  nameMasked: string;
  phoneCipher?: string | null;
  phoneMasked?: string | null;
}

export function protectPerson(
  protector: PersonalDataProtector,
  person: { name: string; idNumber: string; phone?: string | undefined },
): ProtectedPerson {
  return {
    idHash: protector.hash(person.idNumber),
    idCipher: protector.encrypt(person.idNumber),
    idMasked: maskIdNumber(person.idNumber),
    nameCipher: protector.encrypt(person.name),
    nameMasked: maskName(person.name),
    ...(person.phone ? { phoneCipher: protector.encrypt(person.phone), phoneMasked: maskPhone(person.phone) } : {}),
  };
}

/** The masked view of a protected person, as responses show it. */
export function maskedPerson(person: ProtectedPerson): { name: string; idNumber: string; phone?: string } {
  return {
    name: person.nameMasked,
    idNumber: person.idMasked,
    ...(person.phoneMasked ? { phone: person.phoneMasked } : {}),
  };
}
