import { z } from "zod";
import { ConflictError } from "../errors.js";
import type { PersonalDataProtector } from "../identity/protection.js";
import { batchedLookup } from "../infra/batcher.js";
import { CircuitBreaker } from "../infra/circuit-breaker.js";
import { leanFind } from "../infra/lean-commands.js";
import { HEALTH_CODE_COLOURS, type HealthCodeColour } from "./colours.js";
import { HealthCode } from "./health-code.model.js";

export type HealthCodeReading =
  | { available: true; colour: HealthCodeColour; updatedAt: Date | null }
  | { available: false };

/** Someone whose health code is wanted: the keyed hash, and the sealed number for providers that need it. */
export interface HealthCodeSubject {
  idHash: string;
  idCipher: string;
}

/** Where health-code colours come from. A provider never throws: an unanswered look-up is "unavailable". */
export interface HealthCodeProvider {
  read(subjects: HealthCodeSubject[]): Promise<Map<string, HealthCodeReading>>;
  /**
   * Sets a person's colour, for a provider whose colours are set here; one that reads them from
   * elsewhere throws HEALTH_CODES_EXTERNAL.
   */
  set(
    idHash: string,
    colour: HealthCodeColour,
    setBy: string,
  ): Promise<{ updatedAt: Date; previous: HealthCodeColour }>;
}

function externalHealthCodes(): ConflictError {
  return new ConflictError(
    "HEALTH_CODES_EXTERNAL",
    "Health codes come from the provincial service (HEALTH_CODE_PROVIDER=http); set them there",
    "健康码由省级平台提供，请在省级平台调整。",
  );
}

/** Colours health officials set here (PUT /api/health-codes); green when none was set. */
export class BuiltinHealthCodes implements HealthCodeProvider {
  /** Every scan reads colours: concurrent reads share a query. */
  private readonly codesOf = batchedLookup(
    // Every scan reads these: through the driver, without mongoose's query and document layers.
    (idHashes) =>
      leanFind<{ idHash: string; colour: string; updatedAt: Date | null }>(HealthCode, { idHash: { $in: idHashes } }),
    (code) => code.idHash,
  );

  async read(subjects: HealthCodeSubject[]): Promise<Map<string, HealthCodeReading>> {
    const readings = new Map<string, HealthCodeReading>(
      subjects.map((s) => [s.idHash, { available: true, colour: "green", updatedAt: null }]),
    );
    try {
      const set = await this.codesOf(subjects.map((s) => s.idHash));
      for (const code of set) {
        readings.set(code.idHash, {
          available: true,
          colour: code.colour as HealthCodeColour,
          updatedAt: code.updatedAt,
        });
      }
    } catch {
      for (const s of subjects) readings.set(s.idHash, { available: false });
    }
    return readings;
  }

  async set(idHash: string, colour: HealthCodeColour, setBy: string) {
    const updatedAt = new Date();
    const before = await HealthCode.findOneAndUpdate(
      { idHash },
      { $set: { colour, updatedAt, setBy } },
      { upsert: true, returnDocument: "before" },
    ).lean();
    // Without a colour set here a person is green.
    return { updatedAt, previous: (before?.colour ?? "green") as HealthCodeColour };
  }
}

const providerAnswer = z.object({
  color: z.enum(HEALTH_CODE_COLOURS),
  updatedAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

/**
 * The provincial health-code service over HTTP: POST {idNumber} → {color, updatedAt}. A short
 * timeout and a circuit breaker keep a slow service from slowing scans down.
 */
export class HttpHealthCodes implements HealthCodeProvider {
  private readonly breaker = new CircuitBreaker(5, 30_000);

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly protector: PersonalDataProtector,
  ) {}

  async read(subjects: HealthCodeSubject[]): Promise<Map<string, HealthCodeReading>> {
    const entries = await Promise.all(
      subjects.map(async (subject): Promise<[string, HealthCodeReading]> => {
        try {
          const answer = await this.breaker.run(() => this.ask(this.protector.decrypt(subject.idCipher)));
          return [
            subject.idHash,
            { available: true, colour: answer.color, updatedAt: answer.updatedAt ? new Date(answer.updatedAt) : null },
          ];
        } catch {
          return [subject.idHash, { available: false }];
        }
      }),
    );
    return new Map(entries);
  }

  async set(): Promise<never> {
    throw externalHealthCodes();
  }

  private async ask(idNumber: string) {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ idNumber }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`health-code service answered ${response.status}`);
    return providerAnswer.parse(await response.json());
  }
}
