/**
 * The model call, simulated so that the demo runs offline: an extractive
 * summary (the first sentences of the article) with token counts estimated
 * from the word count. Swap `createSimulatedModel` for a real client and the
 * telemetry stays the same.
 */

/** What a chat completion returns. Only its counts and finish reasons go into telemetry. @public */
export interface ChatCompletion {
  text: string;
  /** The model that answered (`gen_ai.response.model`). */
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** `stop` when the summary is complete, `length` when it was cut at `maxOutputTokens`. */
  finishReasons: string[];
}

/** @public */
export interface ChatModel {
  /** The model requested (`gen_ai.request.model`). */
  readonly model: string;
  /** `gen_ai.provider.name`. */
  readonly provider: string;
  chat(prompt: string): Promise<ChatCompletion>;
}

/** @public */
export interface SimulatedModelOptions {
  model: string;
  provider: string;
  /** How many sentences the summary keeps. Default 2. */
  sentences?: number;
  /** Output cap, in tokens. Default 120. */
  maxOutputTokens?: number;
  /** Simulated latency per call, in milliseconds. Default 0. */
  latencyMs?: number;
}

/** Token estimate used by the simulation: words × 1.3, rounded. @public */
export function countTokens(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.round(words * 1.3);
}

/** A deterministic, local stand-in for a summarisation model. @public */
export function createSimulatedModel(
  options: SimulatedModelOptions,
): ChatModel {
  const sentences = options.sentences ?? 2;
  const maxOutputTokens = options.maxOutputTokens ?? 120;
  const latencyMs = options.latencyMs ?? 0;

  return {
    model: options.model,
    provider: options.provider,
    async chat(prompt: string): Promise<ChatCompletion> {
      if (latencyMs > 0)
        await new Promise(resolve => setTimeout(resolve, latencyMs));
      // The article follows the instruction after the first blank line.
      const article = prompt.slice(prompt.indexOf('\n\n') + 2);
      const extract = splitSentences(article).slice(0, sentences).join(' ');
      const { text, truncated } = truncateToTokens(extract, maxOutputTokens);
      return {
        text,
        model: options.model,
        inputTokens: countTokens(prompt),
        outputTokens: countTokens(text),
        finishReasons: [truncated ? 'length' : 'stop'],
      };
    },
  };
}

function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s+(?=[A-Z0-9[("])/)
    .filter(Boolean);
}

function truncateToTokens(
  text: string,
  maxTokens: number,
): { text: string; truncated: boolean } {
  if (countTokens(text) <= maxTokens) return { text, truncated: false };
  let kept = Math.ceil(maxTokens / 1.3);
  while (kept > 0 && Math.round(kept * 1.3) > maxTokens) kept -= 1;
  return { text: text.split(' ').slice(0, kept).join(' '), truncated: true };
}
