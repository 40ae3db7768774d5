import type Anthropic from "@anthropic-ai/sdk";
import { NO_TOKENS, type TokenCounts } from "../budget/index.js";

type StreamEvent = Anthropic.Messages.RawMessageStreamEvent;
type ContentBlockParam = Anthropic.Messages.ContentBlockParam;

export interface ToolCall {
  id: string;
  name: string;
  /** The parsed input; undefined when its JSON did not parse (a cut-off reply). */
  input: unknown;
  /** The raw JSON text, as streamed. */
  json: string;
}

/** One streamed message, put back together. */
export interface StreamedMessage {
  /** The assistant content to send back in a later turn, as received (thinking blocks with their signatures included). */
  content: ContentBlockParam[];
  /** All text blocks, joined. */
  text: string;
  toolCalls: ToolCall[];
  stopReason: string | null;
  usage: TokenCounts;
}

interface Block {
  type: string;
  text: string;
  json: string;
  thinking: string;
  signature: string;
  start: Record<string, unknown>;
}

/**
 * Folds the documented stream events (message_start, content_block_start /
 * delta / stop, message_delta, message_stop; ping ignored) into a message.
 * Deltas: text_delta, input_json_delta (tool input, parsed once the block
 * stops), thinking_delta and signature_delta (kept verbatim, since thinking
 * blocks must go back unchanged); anything else is ignored.
 */
export class MessageAccumulator {
  private readonly blocks: Block[] = [];
  private counts: TokenCounts = NO_TOKENS;
  private stop: string | null = null;
  /** message_stop arrived. */
  complete = false;

  /** Handles one event; returns the text it added (for the live parser) and whether usage changed. */
  handle(event: StreamEvent): { text?: string; usage?: boolean } {
    switch (event.type) {
      case "message_start": {
        this.counts = readUsage(event.message.usage as unknown as Record<string, unknown>, NO_TOKENS);
        return { usage: true };
      }
      case "content_block_start": {
        const start = event.content_block as unknown as Record<string, unknown>;
        const text = typeof start.text === "string" ? start.text : "";
        this.blocks[event.index] = { type: String(start.type), text, json: "", thinking: typeof start.thinking === "string" ? start.thinking : "", signature: typeof start.signature === "string" ? start.signature : "", start };
        return text ? { text } : {};
      }
      case "content_block_delta": {
        const block = this.blocks[event.index];
        if (!block) return {};
        const delta = event.delta as unknown as Record<string, unknown>;
        if (delta.type === "text_delta" && typeof delta.text === "string") {
          block.text += delta.text;
          return { text: delta.text };
        }
        if (delta.type === "input_json_delta" && typeof delta.partial_json === "string") block.json += delta.partial_json;
        else if (delta.type === "thinking_delta" && typeof delta.thinking === "string") block.thinking += delta.thinking;
        else if (delta.type === "signature_delta" && typeof delta.signature === "string") block.signature += delta.signature;
        return {};
      }
      case "message_delta": {
        this.stop = event.delta.stop_reason ?? this.stop;
        this.counts = readUsage(event.usage as unknown as Record<string, unknown>, this.counts);
        return { usage: true };
      }
      case "message_stop":
        this.complete = true;
        return {};
      default:
        return {};
    }
  }

  get usage(): TokenCounts {
    return this.counts;
  }

  result(): StreamedMessage {
    const content: ContentBlockParam[] = [];
    const toolCalls: ToolCall[] = [];
    const texts: string[] = [];
    for (const block of this.blocks) {
      if (!block) continue;
      if (block.type === "text") {
        texts.push(block.text);
        // The API refuses empty text blocks in a request.
        if (block.text !== "") content.push({ type: "text", text: block.text });
      } else if (block.type === "tool_use") {
        let input: unknown;
        try {
          input = JSON.parse(block.json === "" ? "{}" : block.json);
        } catch {
          input = undefined;
        }
        const id = String(block.start.id);
        const name = String(block.start.name);
        toolCalls.push({ id, name, input, json: block.json });
        content.push({ type: "tool_use", id, name, input: input ?? {} });
      } else if (block.type === "thinking") {
        content.push({ type: "thinking", thinking: block.thinking, signature: block.signature });
      } else if (block.type === "redacted_thinking") {
        content.push({ type: "redacted_thinking", data: String(block.start.data ?? "") });
      }
    }
    return { content, text: texts.join(""), toolCalls, stopReason: this.stop, usage: this.counts };
  }
}

/** Usage fields present in `u` replace those in `prev` (message_delta counts are cumulative; absent or null keeps the old value). */
function readUsage(u: Record<string, unknown> | undefined, prev: TokenCounts): TokenCounts {
  const num = (key: string, fallback: number) => (typeof u?.[key] === "number" ? (u[key] as number) : fallback);
  return {
    inputTokens: num("input_tokens", prev.inputTokens),
    outputTokens: num("output_tokens", prev.outputTokens),
    cacheReadTokens: num("cache_read_input_tokens", prev.cacheReadTokens),
    cacheWriteTokens: num("cache_creation_input_tokens", prev.cacheWriteTokens),
  };
}
