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

export interface FaqMatch {
  /** A topic id, or "unknown" when no topic fits well enough. */
  topic: string;
  /** The best topic's BM25 score: how much rare, topic-specific wording the question shares with it. */
  score: number;
  answer: string | null;
}

const K1 = 1.2;
const B = 0.75;
/** Keywords say more about a topic than example sentences do. */
const KEYWORD_WEIGHT = 2;
/**
 * The least BM25 score that answers from a topic. A question naming something of this domain
 * (an anchor word: 码, 扫, 随行 ...) needs less evidence than one that does not: "社保卡怎么补办"
 * shares 补办 with the lost-code topic but is about something else. Set on test/bot/faq-eval.json.
 */
export const MIN_SCORE_ANCHORED = 5;
export const MIN_SCORE_UNANCHORED = 12;

interface TopicDocument {
  topic: FaqTopic;
  termCounts: Map<string, number>;
  length: number;
}

/**
 * Ranks the knowledge file's topics for a question with BM25 over words and character bigrams.
 * The confidence divides the best BM25 score by the score the question's own terms could reach if
 * a topic contained all of them, so it is comparable across short and long questions.
 */
export class FaqMatcher {
  private readonly tokeniser: Tokeniser;
  private readonly documents: TopicDocument[];
  private readonly documentFrequency = new Map<string, number>();
  private readonly averageLength: number;
  private readonly anchors: Set<string>;

  constructor(knowledge: Knowledge) {
    this.tokeniser = new Tokeniser(knowledge.synonyms);
    // Whole anchors: segmenting a lone word can split it (申领 → 申 / 领) into characters that mean nothing.
    this.anchors = new Set(knowledge.anchors);
    this.documents = knowledge.topics.map((topic) => {
      const terms = [
        ...this.tokeniser.terms(topic.title),
        ...Array.from({ length: KEYWORD_WEIGHT }, () => topic.keywords.flatMap((k) => this.tokeniser.terms(k))).flat(),
        ...topic.examples.flatMap((e) => this.tokeniser.terms(e)),
      ];
      const termCounts = new Map<string, number>();
      for (const term of terms) termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
      return { topic, termCounts, length: terms.length };
    });
    for (const document of this.documents) {
      for (const term of document.termCounts.keys()) {
        this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
      }
    }
    this.averageLength = this.documents.reduce((sum, d) => sum + d.length, 0) / this.documents.length;
  }

  match(question: string): FaqMatch {
    const written = this.tokeniser.segments(question);
    const terms = [...new Set(this.tokeniser.terms(question))];
    let best: { document: TopicDocument; score: number } | null = null;
    for (const document of this.documents) {
      const score = this.bm25(document, terms);
      if (!best || score > best.score) best = { document, score };
    }
    const score = Math.round((best?.score ?? 0) * 100) / 100;
    // Anchors are matched as written (办 is a synonym of 申领 but says nothing of this domain).
    // Single characters count as whole words only (店 but not 饭店); longer anchors anywhere.
    const anchored =
      written.some((word) => this.anchors.has(word)) ||
      [...this.anchors].some((a) => a.length > 1 && question.includes(a));
    const needed = anchored ? MIN_SCORE_ANCHORED : MIN_SCORE_UNANCHORED;
    if (!best || score < needed) return { topic: "unknown", score, answer: null };
    return { topic: best.document.topic.id, score, answer: best.document.topic.answer };
  }

  private idf(term: string): number {
    const n = this.documents.length;
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
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
