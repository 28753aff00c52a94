import { z } from "zod";
import { UpstreamError, ValidationError } from "../errors.js";
import { CircuitBreaker } from "../infra/circuit-breaker.js";

/** A name and identity number someone gave, already checked for format (personSchema). */
export interface NamedPerson {
  name: string;
  idNumber: string;
}

/**
 * Confirms that a name and an identity number belong together before an account, a companion or a
 * visitor is recorded under them. It throws a ValidationError naming `name` when they do not, and
 * an UpstreamError when it cannot tell (nothing is stored then).
 */
export interface IdentityVerifier {
  verify(person: NamedPerson): Promise<void>;
}

/**
 * Development only: the format and check character (already enforced by the schema) are all it
 * knows, so any name passes with any well-formed number. Production refuses it (config.ts).
 */
export class BuiltinIdentityVerifier implements IdentityVerifier {
  async verify(): Promise<void> {}
}

const answerSchema = z.object({ match: z.boolean() });

/**
 * The provincial real-name service: POST {name, idNumber} → {match}. A short timeout and a circuit
 * breaker (5 failures, then 30 s without asking) keep a slow service from holding requests.
 */
export class HttpIdentityVerifier implements IdentityVerifier {
  private readonly breaker = new CircuitBreaker(5, 30_000);

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async verify(person: NamedPerson): Promise<void> {
    let answer: z.infer<typeof answerSchema>;
    try {
      answer = await this.breaker.run(() => this.ask(person));
    } catch (error) {
      throw new UpstreamError(
        `The real-name service did not answer: ${(error as Error).message}`,
        "实名核验服务暂时不可用，请稍后再试。本次没有保存。",
      );
    }
    if (!answer.match) throw nameMismatch();
  }

  private async ask(person: NamedPerson) {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: person.name, idNumber: person.idNumber }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`real-name service answered ${response.status}`);
    return answerSchema.parse(await response.json());
  }
}

export function nameMismatch(): ValidationError {
  return new ValidationError(
    [{ path: "name", message: "the name does not match the identity number according to the real-name service" }],
    "姓名与身份证号不一致，请核对后重新填写。",
  );
}
