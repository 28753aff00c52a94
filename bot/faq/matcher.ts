import { type ClassifierOptions, SoftmaxClassifier } from "./classifier.js";
import { type SynonymTable, Tokeniser } from "./tokenise.js";

export interface FaqTopic {
  id: string;
  title: string;
  answer: string;
  keywords: string[];
  examples: string[];
}

export interface Knowledge {
  topics: FaqTopic[];
  synonyms: SynonymTable;
  /** Words that place a question in this bot's domain (码, 扫, 随行 ...). */
  anchors: string[];
}

/** A question in people's own words with the topic it asks about ("unknown" for anything else): training material. */
export interface Paraphrase {
  q: string;
  topic: string;
}

/** How the two views are mixed, where a question is declined or asked back, and how the classifier learns. */
export interface MatcherTuning extends ClassifierOptions {
  /** Weight of the classifier's probability against the lexical score (BM25 and closest paraphrase), 0 to 1. */
  classifierWeight: number;
  /** The least mixed score that answers, for a question naming something of this domain (an anchor) or not. */
  minAnchored: number;
  minUnanchored: number;
  /** Declined when "unknown" and the decoys together get more probability than the best topic times this. */
  unknownRatio: number;
  /** Below this probability, a runner-up with at least clarifyRatio of the best's makes the answer a question of which. */
  sureProbability: number;
  clarifyRatio: number;
  /** How many classifiers (each with its own order of the examples) vote, their probabilities averaged. */
  ensemble: number;
}

export interface FaqMatch {
  /** A topic id, or "unknown" when no topic fits well enough. */
  topic: string;
  /** How well the best topic fits, 0 to 1. */
  score: number;
  answer: string | null;
  /**
   * When two topics fit about equally well: both, best first, to ask which one is meant
   * ("您是想问：1. … 2. …"). `topic` is still the best guess.
   */
  choices?: { id: string; title: string }[];
}

const K1 = 1.2;
const B = 0.5;
/** Keywords say more about a topic than example sentences do. */
const KEYWORD_WEIGHT = 2;
/** How much the closest paraphrase counts against the topic as a whole (BM25 over all its wording). */
const PARAPHRASE_WEIGHT = 0.15;
/** Topics that exist to be recognised and declined (身份证补办, 天气 …): they answer nothing. */
const OUT_OF_SCOPE = "out-of-scope-";

/**
 * Calibrated with four checks, each on questions the classifier never learnt from: training set a → b,
 * b → a, a + b → test/bot/faq-eval.json and → test/bot/faq-heldout-3.json (and test/bot/faq-heldout-4.json
 * as the validation set). The least scores are lower for a question naming something of this domain
 * (an anchor word: 码, 扫, 随行 ...): "社保卡怎么补办" shares 补办 with the lost-code topic but is about
 * something else.
 */
export const DEFAULT_TUNING: MatcherTuning = {
  classifierWeight: 0.4,
  minAnchored: 0.05,
  minUnanchored: 0.15,
  unknownRatio: 1.2,
  sureProbability: 0.6,
  clarifyRatio: 0.7,
  ensemble: 3,
  epochs: 6,
  learningRate: 0.3,
  l2: 1e-4,
  seed: 19,
};

interface TopicDocument {
  topic: FaqTopic;
  termCounts: Map<string, number>;
  length: number;
  paraphrases: Set<string>[];
  /** Each paraphrase's own weight (the sum of its terms' idf), in the order of `paraphrases`. */
  paraphraseWeights: number[];
}

/**
 * Ranks the knowledge file's topics for a question. Two views: a lexical one, BM25 of the question
 * against all of a topic's wording (title, keywords, examples and training paraphrases), divided by
 * what the question's own terms could reach, so it compares across short and long questions, mixed
 * with the closest single paraphrase (idf-weighted overlap); and a learnt one, the probability a small
 * softmax classifier (an ensemble of three, trained at start-up on the same wording: words, character
 * pairs, single characters and character pairs as written) gives each topic, "unknown" and the decoys. The score mixes both.
 */
export class FaqMatcher {
  private readonly tokeniser: Tokeniser;
  private readonly documents: TopicDocument[];
  private readonly documentFrequency = new Map<string, number>();
  private readonly paraphraseFrequency = new Map<string, number>();
  private readonly paraphrasesWith = new Map<string, [number, number][]>();
  private paraphraseCount = 0;
  private readonly averageLength: number;
  private readonly anchors: Set<string>;
  private readonly categories: Set<string>;
  /** Decoys' keywords, longest first: 收款码 or 扫码点餐 name another service, and their 码/扫 anchor nothing. */
  private readonly otherServices: string[];

  private readonly classifiers: SoftmaxClassifier[];
  private readonly tuning: MatcherTuning;

  /**
   * `facts` fill the answers' placeholders ({retentionDays} → 28), so an answer states the
   * configured figure; `categoryWords` (venue categories and everyday words for them) join the
   * segmenter's dictionary, and several of them in one question place it in this domain;
   * `training` (questions in people's own words, "unknown" for others) joins the topics' wording
   * and teaches the classifier.
   */
  constructor(
    knowledge: Knowledge,
    private readonly facts: Record<string, string> = {},
    categoryWords: string[] = [],
    training: Paraphrase[] = [],
    tuning: Partial<MatcherTuning> = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    this.otherServices = [
      ...new Set(
        knowledge.topics
          .filter((t) => t.id.startsWith(OUT_OF_SCOPE))
          .flatMap((t) => t.keywords.map((k) => Tokeniser.normalise(k))),
      ),
    ].sort((a, b) => b.length - a.length);
    // Other services' names (收款码, 付款码) stay whole words: their 付款 is not this domain's fee.
    this.tokeniser = new Tokeniser(knowledge.synonyms, [...categoryWords, ...knowledge.anchors, ...this.otherServices]);
    this.categories = new Set(categoryWords.map((w) => Tokeniser.normalise(w)));
    this.anchors = new Set(knowledge.anchors.map((a) => Tokeniser.normalise(a)));
    // Training paraphrases join their topic's wording; those of no topic make one more decoy.
    const lexicalTopics = [
      ...knowledge.topics.map((t) => ({
        ...t,
        examples: [...t.examples, ...training.filter((p) => p.topic === t.id).map((p) => p.q)],
      })),
      {
        id: `${OUT_OF_SCOPE}written`,
        title: "",
        answer: "",
        keywords: [],
        examples: training.filter((p) => p.topic === "unknown").map((p) => p.q),
      },
    ];
    this.documents = lexicalTopics.map((topic) => {
      const terms = [
        ...this.tokeniser.terms(topic.title),
        ...Array.from({ length: KEYWORD_WEIGHT }, () => topic.keywords.flatMap((k) => this.tokeniser.terms(k))).flat(),
        ...topic.examples.flatMap((e) => this.tokeniser.terms(e)),
      ];
      const termCounts = new Map<string, number>();
      for (const term of terms) termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
      const paraphrases = [topic.title, ...topic.examples].map((e) => new Set(this.tokeniser.terms(e)));
      return { topic, termCounts, length: terms.length, paraphrases, paraphraseWeights: [] as number[] };
    });
    for (const document of this.documents) {
      for (const term of document.termCounts.keys()) {
        this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      }
      for (const paraphrase of document.paraphrases) {
        this.paraphraseCount++;
        for (const term of paraphrase)
          this.paraphraseFrequency.set(term, (this.paraphraseFrequency.get(term) ?? 0) + 1);
      }
    }
    this.averageLength = this.documents.reduce((sum, d) => sum + d.length, 0) / this.documents.length;
    // Which paraphrases hold a term, so a question visits only the paraphrases it shares a term with.
    this.documents.forEach((document, d) => {
      document.paraphrases.forEach((paraphrase, j) => {
        let weight = 0;
        for (const term of paraphrase) {
          weight += this.paraphraseIdf(term);
          const holders = this.paraphrasesWith.get(term) ?? [];
          holders.push([d, j]);
          this.paraphrasesWith.set(term, holders);
        }
        document.paraphraseWeights.push(weight);
      });
    });
    // A topic's keywords teach the classifier together, as one example: one at a time, 200 venue categories
    // taught it that any category name alone (推荐个理发店) asks which venues must register.
    const examples = [
      ...knowledge.topics.flatMap((topic) =>
        [topic.title, topic.keywords.join(" "), ...topic.examples].map((q) => ({ q, topic: topic.id })),
      ),
      ...training,
    ]
      .map(({ q, topic }) => ({ features: this.features(q), label: topic }))
      .filter((e) => e.features.length > 0);
    this.classifiers = Array.from(
      { length: this.tuning.ensemble },
      (_, i) => new SoftmaxClassifier(examples, { ...this.tuning, seed: this.tuning.seed + i }),
    );
  }

  /** Each label's probability, averaged over the ensemble. */
  private probabilities(question: string): Map<string, number> {
    const features = this.features(question);
    const sum = new Map<string, number>();
    for (const classifier of this.classifiers) {
      const p = classifier.probabilities(features);
      classifier.labels.forEach((label, i) => {
        sum.set(label, (sum.get(label) ?? 0) + (p[i] as number) / this.classifiers.length);
      });
    }
    return sum;
  }

  /**
   * The classifier's features: the lexical terms (words and character pairs after synonyms), single
   * characters (typos) and character pairs as written, before synonyms and with the little words (不要,
   * 是不是, 能不能 say what is asked: whether, how, who).
   */
  private features(question: string): string[] {
    const terms = this.tokeniser.terms(question);
    for (const character of this.tokeniser.words(question).join("")) terms.push(`c:${character}`);
    const written = [...Tokeniser.normalise(question)];
    for (let i = 0; i + 1 < written.length; i++) terms.push(`r:${written[i]}${written[i + 1]}`);
    return terms;
  }

  /**
   * Every topic's score for a question, best first, and the probability the classifier gives to
   * "unknown" and the decoys together (1 for a question with no terms).
   */
  rank(question: string): {
    ranked: { document: TopicDocument; score: number; probability: number }[];
    elsewhere: number;
  } {
    const terms = [...new Set(this.tokeniser.terms(question))];
    if (terms.length === 0) return { ranked: [], elsewhere: 1 };
    const probability = this.probabilities(question);
    let elsewhere = probability.get("unknown") ?? 0;
    for (const [label, p] of probability) if (label.startsWith(OUT_OF_SCOPE)) elsewhere += p;
    const w = this.tuning.classifierWeight;
    const ceiling = terms.reduce((sum, term) => sum + this.idf(term) * (K1 + 1), 0);
    const shared = this.documents.map((d) => new Float64Array(d.paraphrases.length));
    let questionWeight = 0;
    for (const term of terms) {
      const weight = this.paraphraseIdf(term);
      questionWeight += weight;
      for (const [d, j] of this.paraphrasesWith.get(term) ?? []) {
        const row = shared[d] as Float64Array;
        row[j] = (row[j] as number) + weight;
      }
    }
    const ranked = this.documents
      .map((document, d) => {
        const whole = this.bm25(document, terms) / ceiling;
        let closest = 0;
        (shared[d] as Float64Array).forEach((weight, j) => {
          const own = document.paraphraseWeights[j] as number;
          closest = Math.max(closest, weight / Math.sqrt(questionWeight * own || 1));
        });
        const lexical = (1 - PARAPHRASE_WEIGHT) * whole + PARAPHRASE_WEIGHT * closest;
        const p = probability.get(document.topic.id) ?? 0;
        return { document, score: (1 - w) * lexical + w * p, probability: p };
      })
      .sort((a, b) => b.score - a.score);
    return { ranked, elsewhere };
  }

  match(question: string): FaqMatch {
    const { ranked, elsewhere } = this.rank(question);
    const [best] = ranked;
    const score = Math.round((best?.score ?? 0) * 1000) / 1000;
    const needed = this.anchored(question) ? this.tuning.minAnchored : this.tuning.minUnanchored;
    // Topics named out-of-scope-… are decoys: questions about other services, declined on purpose.
    if (
      !best ||
      score < needed ||
      best.document.topic.id.startsWith(OUT_OF_SCOPE) ||
      elsewhere > best.probability * this.tuning.unknownRatio
    ) {
      return { topic: "unknown", score, answer: null };
    }
    const found: FaqMatch = { topic: best.document.topic.id, score, answer: this.answerOf(best.document.topic) };
    const runnerUp = ranked.slice(1).find((r) => !r.document.topic.id.startsWith(OUT_OF_SCOPE));
    if (
      runnerUp &&
      best.probability < this.tuning.sureProbability &&
      runnerUp.score >= needed &&
      runnerUp.probability >= best.probability * this.tuning.clarifyRatio
    ) {
      found.choices = [best, runnerUp].map(({ document }) => ({ id: document.topic.id, title: document.topic.title }));
    }
    return found;
  }

  /** The answer of the topic of this id (chosen from a clarifying question), if there is one. */
  answer(id: string): string | null {
    const topic = this.documents.find((d) => d.topic.id === id)?.topic;
    return topic ? this.answerOf(topic) : null;
  }

  private answerOf(topic: FaqTopic): string {
    return topic.answer.replace(/\{(\w+)\}/g, (whole, name: string) => this.facts[name] ?? whole);
  }

  /**
   * Whether the question names something of this domain. Anchors are matched as written (办 is a
   * synonym of 申领 but says nothing of this domain), anywhere in the question (码 in 这个码子),
   * except 店, a whole word only (饭店 alone is not this domain). One venue category alone is not
   * either (推荐个理发店, 出租车多少钱起步), but a list of two or more (棋牌室麻将馆剧本杀算不算) asks
   * which venues this is for. Words naming another service (收款码, 乘车码, 扫码点餐: a decoy's keywords)
   * are taken out first, so their 码 or 扫 does not count.
   */
  private anchored(question: string): boolean {
    let normal = Tokeniser.normalise(question);
    for (const other of this.otherServices) normal = normal.replaceAll(other, " ");
    const segments = this.tokeniser.segments(question);
    if (segments.includes("店")) return true;
    if (new Set(segments.filter((s) => this.categories.has(s))).size >= 2) return true;
    for (const anchor of this.anchors) if (anchor !== "店" && normal.includes(anchor)) return true;
    return false;
  }

  private idf(term: string): number {
    const n = this.documents.length;
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private paraphraseIdf(term: string): number {
    const df = this.paraphraseFrequency.get(term) ?? 0;
    return Math.log(1 + (this.paraphraseCount - df + 0.5) / (df + 0.5));
  }

  private bm25(document: TopicDocument, terms: string[]): number {
    let score = 0;
    for (const term of terms) {
      const frequency = document.termCounts.get(term);
      if (!frequency) continue;
      const norm = frequency + K1 * (1 - B + (B * document.length) / this.averageLength);
      score += this.idf(term) * ((frequency * (K1 + 1)) / norm);
    }
    return score;
  }
}
