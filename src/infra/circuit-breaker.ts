/**
 * Stops calling a dependency that keeps failing: after `threshold` failures in a row the circuit
 * opens and calls fail at once for `cooldownMs`; then one trial call decides whether it closes.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
  ) {}

  get isOpen(): boolean {
    return Date.now() < this.openUntil;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.isOpen) throw new Error("circuit open");
    try {
      const result = await call();
      this.failures = 0;
      return result;
    } catch (error) {
      this.failures++;
      if (this.failures >= this.threshold) {
        this.openUntil = Date.now() + this.cooldownMs;
        this.failures = this.threshold - 1;
      }
      throw error;
    }
  }
}
