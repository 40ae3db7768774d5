/**
 * A stand-in for the Messages API at https://api.anthropic.com/v1/messages
 * (nock 14, which intercepts the SDK's fetch), answering with server-sent
 * events in the documented format:
 *
 *   event: message_start        {"type":"message_start","message":{... "usage":{...}}}
 *   event: content_block_start  {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}
 *   event: ping                 {"type": "ping"}
 *   event: content_block_delta  {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"..."}}
 *                               (tool use: {"type":"input_json_delta","partial_json":"..."})
 *   event: content_block_stop   {"type":"content_block_stop","index":0}
 *   event: message_delta        {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{...}}
 *   event: message_stop         {"type":"message_stop"}
 *   event: error                {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}
 */
import nock from "nock";

export const API_ORIGIN = "https://api.anthropic.com";

export interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

const DEFAULT_USAGE: Required<Usage> = { input_tokens: 1200, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

export function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

let ids = 0;

export function messageStart(usage: Usage = {}, model = "claude-sonnet-5-5"): string {
  return event("message_start", {
    message: {
      id: `msg_${String(++ids).padStart(4, "0")}`,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...DEFAULT_USAGE, ...usage, output_tokens: usage.output_tokens ?? 1 },
    },
  });
}

export function messageEnd(stopReason: string, usage: Usage): string {
  return event("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage }) + event("message_stop", {});
}

/** Splits `text` into pieces of `size` characters (a stream cuts anywhere). */
export function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [""];
}

export interface ReplyOptions {
  stopReason?: "end_turn" | "max_tokens" | "tool_use" | "refusal";
  /** Counts for message_start (input side) and message_delta (output). */
  usage?: Usage;
  /** Text characters per text_delta. Default 97. */
  chunk?: number;
  /** A thinking block (with a signature) before the answer, as adaptive thinking sends it. */
  thinking?: string;
}

function thinkingBlock(index: number, thinking: string): string {
  return (
    event("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } }) +
    event("content_block_delta", { index, delta: { type: "thinking_delta", thinking } }) +
    event("content_block_delta", { index, delta: { type: "signature_delta", signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds" } }) +
    event("content_block_stop", { index })
  );
}

/** A streamed text answer. */
export function textReply(text: string, options: ReplyOptions = {}): string {
  const usage = { ...DEFAULT_USAGE, output_tokens: Math.ceil(text.length / 4), ...options.usage };
  let index = 0;
  let out = messageStart({ ...usage, output_tokens: 1 });
  if (options.thinking) out += thinkingBlock(index++, options.thinking);
  out += event("content_block_start", { index, content_block: { type: "text", text: "" } });
  out += event("ping", {});
  for (const piece of pieces(text, options.chunk ?? 97)) out += event("content_block_delta", { index, delta: { type: "text_delta", text: piece } });
  out += event("content_block_stop", { index });
  return out + messageEnd(options.stopReason ?? "end_turn", { output_tokens: usage.output_tokens, input_tokens: usage.input_tokens, cache_creation_input_tokens: usage.cache_creation_input_tokens, cache_read_input_tokens: usage.cache_read_input_tokens });
}

/** A streamed tool call: input as input_json_delta pieces, stop_reason tool_use. */
export function toolReply(name: string, input: unknown, options: ReplyOptions & { lead?: string; id?: string } = {}): string {
  const json = JSON.stringify(input);
  const usage = { ...DEFAULT_USAGE, output_tokens: Math.ceil(json.length / 4), ...options.usage };
  let index = 0;
  let out = messageStart({ ...usage, output_tokens: 1 });
  if (options.thinking) out += thinkingBlock(index++, options.thinking);
  if (options.lead) {
    out += event("content_block_start", { index, content_block: { type: "text", text: "" } });
    out += event("content_block_delta", { index, delta: { type: "text_delta", text: options.lead } });
    out += event("content_block_stop", { index });
    index++;
  }
  out += event("content_block_start", { index, content_block: { type: "tool_use", id: options.id ?? `toolu_${String(++ids).padStart(4, "0")}`, name, input: {} } });
  out += event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: "" } });
  for (const piece of pieces(json, options.chunk ?? 61)) out += event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: piece } });
  out += event("content_block_stop", { index });
  return out + messageEnd(options.stopReason ?? "tool_use", { output_tokens: usage.output_tokens });
}

/** The error event the API sends inside a 200 stream. */
export function errorEvent(type = "overloaded_error", message = "Overloaded"): string {
  return `event: error\ndata: ${JSON.stringify({ type: "error", error: { type, message } })}\n\n`;
}

export type Reply = { status?: number; body: string | Record<string, unknown>; headers?: Record<string, string> };

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "request-id": "req_test" };

export const sseReply = (body: string): Reply => ({ status: 200, body, headers: SSE_HEADERS });

/** An HTTP error answer in the API's JSON error shape. */
export function httpError(status: number, type: string, message: string, headers: Record<string, string> = {}): Reply {
  return { status, body: { type: "error", error: { type, message }, request_id: "req_err" }, headers: { "content-type": "application/json", ...headers } };
}

export interface RecordedRequest {
  headers: Record<string, string | string[] | undefined>;
  body: any;
  raw: string;
}

/**
 * Queued answers, one per request, in order; every request body recorded.
 * A request with nothing queued gets a 500 and is counted in `unexpected`.
 */
export class FakeAnthropic {
  readonly requests: RecordedRequest[] = [];
  unexpected = 0;
  private readonly queue: Array<Reply | ((request: RecordedRequest) => Reply | string)> = [];
  private readonly interceptor: nock.Interceptor;

  constructor(readonly origin = API_ORIGIN) {
    const fake = this;
    this.interceptor = nock(origin).persist().post("/v1/messages");
    this.interceptor.reply(function (_uri, body) {
        const raw = typeof body === "string" ? body : JSON.stringify(body);
        const request = { headers: this.req.headers as Record<string, string>, body: typeof body === "string" ? JSON.parse(body) : body, raw };
        fake.requests.push(request);
        const queued = fake.queue.shift();
        const next = typeof queued === "function" ? ((r: Reply | string) => (typeof r === "string" ? sseReply(r) : r))(queued(request)) : queued;
        if (!next) {
          fake.unexpected++;
          return [500, { type: "error", error: { type: "api_error", message: "no reply queued in the test" } }];
        }
        return [next.status ?? 200, typeof next.body === "string" ? next.body : JSON.stringify(next.body), next.headers ?? {}];
      });
  }

  /** Queues answers: SSE text, a Reply, or a function of the request (to answer with usage that fits its size). */
  reply(...replies: Array<Reply | string | ((request: RecordedRequest) => Reply | string)>): this {
    for (const r of replies) this.queue.push(typeof r === "string" ? sseReply(r) : r);
    return this;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Removes this fake's interceptor (other nock state is left alone). */
  done(): void {
    nock.removeInterceptor(this.interceptor);
  }

  /** Every request body as sent, concatenated (for "no secret anywhere" checks). */
  allBodies(): string {
    return this.requests.map((r) => r.raw).join("\n");
  }
}

/** Tokens of text, roughly (about 4 characters a token). */
export const roughTokens = (text: string): number => Math.ceil(text.length / 4);

/**
 * How the prompt cache answers, roughly: the request is tools, then system
 * blocks, then messages; each block with cache_control ends a prefix. A prefix
 * seen before is read from the cache, the longest new one is written, the
 * rest is plain input. Token counts are characters / 4.
 */
export class PromptCacheModel {
  private readonly seen = new Set<string>();

  usage(body: any): Required<Pick<Usage, "input_tokens" | "cache_read_input_tokens" | "cache_creation_input_tokens">> {
    const parts: Array<{ text: string; mark: boolean }> = [];
    for (const tool of body.tools ?? []) parts.push({ text: JSON.stringify(tool), mark: Boolean(tool.cache_control) });
    for (const block of body.system ?? []) parts.push({ text: block.text, mark: Boolean(block.cache_control) });
    for (const message of body.messages ?? []) {
      const blocks = typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
      for (const block of blocks) parts.push({ text: JSON.stringify(block), mark: Boolean(block.cache_control) });
    }
    let prefix = "";
    let read = 0;
    let written = 0;
    for (const part of parts) {
      prefix += part.text;
      if (!part.mark) continue;
      const tokens = roughTokens(prefix);
      if (this.seen.has(prefix)) read = Math.max(read, tokens);
      else {
        this.seen.add(prefix);
        written = Math.max(written, tokens);
      }
    }
    const total = roughTokens(prefix);
    const write = Math.max(0, written - read);
    return { input_tokens: total - read - write, cache_read_input_tokens: read, cache_creation_input_tokens: write };
  }
}
