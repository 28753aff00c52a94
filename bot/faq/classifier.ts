/**
 * A small softmax (multinomial logistic) classifier over sparse features, trained at start-up on the
 * knowledge file's wording and the training paraphrases. Pure TypeScript, deterministic (the order of
 * the examples is shuffled by a fixed-seed generator), no network and no model file: a few thousand
 * short questions train in well under a second.
 */
export interface LabelledFeatures {
  features: string[];
  label: string;
}

export interface ClassifierOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per update on the weights an example touches. */
  l2: number;
  /** Of the generator that shuffles the examples before each epoch. */
  seed: number;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  epochs: 6,
  learningRate: 0.3,
  l2: 1e-4,
  seed: 19,
};

const SMALL_GRADIENT = 1e-3;

export class SoftmaxClassifier {
  readonly labels: string[];
  private readonly featureIndex = new Map<string, number>();
  private readonly weights: Float64Array;
  private readonly bias: Float64Array;

  constructor(examples: LabelledFeatures[], options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS) {
    this.labels = [...new Set(examples.map((e) => e.label))].sort();
    const labelIndex = new Map(this.labels.map((l, i) => [l, i]));
    for (const example of examples) {
      for (const feature of example.features) {
        if (!this.featureIndex.has(feature)) this.featureIndex.set(feature, this.featureIndex.size);
      }
    }
    const k = this.labels.length;
    this.weights = new Float64Array(this.featureIndex.size * k);
    this.bias = new Float64Array(k);
    const encoded = examples.map((e) => ({
      indices: [...new Set(e.features.map((f) => this.featureIndex.get(f) as number))],
      label: labelIndex.get(e.label) as number,
    }));
    // AdaGrad: rare features (a dialect word seen twice) still learn quickly.
    const squared = new Float64Array(this.weights.length).fill(1e-8);
    const biasSquared = new Float64Array(k).fill(1e-8);
    const order = encoded.map((_, i) => i);
    let seed = options.seed;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const probabilities = new Float64Array(k);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      for (const at of order) {
        const { indices, label } = encoded[at] as { indices: number[]; label: number };
        const scale = 1 / Math.sqrt(indices.length || 1);
        this.logits(indices, scale, probabilities);
        softmax(probabilities);
        for (let c = 0; c < k; c++) {
          const gradient = (probabilities[c] as number) - (c === label ? 1 : 0);
          // Labels the example says next to nothing about are left alone: most of them, after the first epochs.
          if (Math.abs(gradient) < SMALL_GRADIENT) continue;
          biasSquared[c] = (biasSquared[c] as number) + gradient * gradient;
          this.bias[c] =
            (this.bias[c] as number) - (options.learningRate * gradient) / Math.sqrt(biasSquared[c] as number);
          for (const f of indices) {
            const w = f * k + c;
            const g = gradient * scale + options.l2 * (this.weights[w] as number);
            squared[w] = (squared[w] as number) + g * g;
            this.weights[w] =
              (this.weights[w] as number) - (options.learningRate * g) / Math.sqrt(squared[w] as number);
          }
        }
      }
    }
  }

  /** Each label's probability for these features, in the order of `labels`. */
  probabilities(features: string[]): Float64Array {
    const indices = [
      ...new Set(features.map((f) => this.featureIndex.get(f)).filter((i): i is number => i !== undefined)),
    ];
    const out = new Float64Array(this.labels.length);
    this.logits(indices, 1 / Math.sqrt(new Set(features).size || 1), out);
    softmax(out);
    return out;
  }

  private logits(indices: number[], scale: number, out: Float64Array): void {
    const k = this.labels.length;
    out.set(this.bias);
    for (const f of indices) {
      const base = f * k;
      for (let c = 0; c < k; c++) out[c] = (out[c] as number) + (this.weights[base + c] as number) * scale;
    }
  }
}

function softmax(values: Float64Array): void {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    values[i] = Math.exp((values[i] as number) - max);
    sum += values[i] as number;
  }
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / sum;
}
