import { FEATURES, type Feature } from "../app-spec.js";
import type { PromptText } from "./text.js";

/** Feature words: optional capabilities the templates add (AI chat, payments, ...). */

export interface FeatureHint {
  feature: Feature;
  quote: string;
  index: number;
}

/** AI chat, as opposed to people chatting with each other. */
export const AI_CHAT_PATTERNS: RegExp[] = [
  /\bai[ -]?(?:chat|chats|chatbot|chat ?bots?|assistants?|coach|coaching|companion|tutor|agents?|powered|features?|suggestions?|recommendations?|generated|generation|integration|helper|advisor|mentor)\b/,
  /\bchat ?bots?\b/,
  /\bclaude\b(?:\s+api)?/,
  /\b(?:chat)?gpt(?:-?\d+(?:\.\d+)?o?)?\b(?:\s+api)?/,
  /\bopen ?ai\b(?:\s+api)?/,
  /\banthropic\b(?:\s+api)?/,
  /\bllms?\b/,
  /\blarge language models?\b/,
  /\bartificial intelligence\b/,
  /\bchat(?:ting)? with (?:an? |the )?(?:ai|bot|assistant|coach|claude|gpt|model)\b/,
  /\b(?:virtual|personal|smart|digital|coding|writing|shopping|study) assistants?\b/,
  /\bassistants?\b/,
  /\bai\b/,
];

const RULES: Record<Feature, RegExp[]> = {
  "ai-chat": AI_CHAT_PATTERNS,
  "semantic-search": [
    /\bsemantic(?:ally)?(?: search(?:es|ing)?)?\b(?:\s+over\s+(?:the\s+)?content)?/,
    /\bvector(?:s| search| database| db| store| index| embeddings?)?\b/,
    /\bembeddings?\b/,
    /\bpinecone\b/,
    /\bpgvector\b/,
    /\bqdrant\b|\bweaviate\b|\bchroma ?db\b/,
    /\bsimilarity search\b/,
    /\bretrieval[ -]augmented\b/,
    /\brag\b/,
    /\bsearch by meaning\b/,
    /\bnatural[ -]language search\b/,
  ],
  payments: [
    /\b(?:subscription )?payments?\b(?:\s+with\s+stripe)?/,
    /\bstripe\b(?:\s+(?:subscriptions?|payments?|checkout|billing))?/,
    /\bsubscriptions?\b(?!\s+to\s+(?:the\s+)?newsletters?)/,
    /\bbilling\b/,
    /\bcheckout\b/,
    /\bpaywall(?:ed)?\b/,
    /\b(?:premium|paid|pro) (?:plans?|tiers?|memberships?|features|content|subscriptions?|accounts?)\b/,
    /\bdonations?\b/,
    /\bpaypal\b/,
    /\bcredit cards?\b/,
    /\bin-app purchases?\b/,
  ],
  "file-upload": [
    /\b(?:file|image|photo|picture|video|document|media|avatar|pdf|resume|cv)[ -]?uploads?\b/,
    /\bupload(?:s|ing|ed)?\b/,
    /\b(?:images?|photos?|pictures?|attachments?|avatars?|videos?|pdfs?)\b/,
    /\bprofile pic(?:ture)?s?\b/,
    /\bs3\b|\bcloudinary\b|\bblob storage\b/,
    /\bfile (?:sharing|storage|manager|attachments?)\b/,
  ],
  email: [
    /\be-?mail (?:notifications?|alerts?|reminders?|digests?|campaigns?|marketing|confirmations?|updates|newsletters?|invites?|invitations?)\b/,
    /\b(?:notifications?|notify(?: users)?|alerts?|reminders?|updates|digests?|invites?) (?:by|via|over|through|per) e-?mail\b/,
    /\b(?:send|sends|sending|receive|receives|get|gets)(?: an?| them| users| customers)? e-?mails?\b/,
    /\bnewsletters?\b/,
    /\bsendgrid\b|\bmailgun\b|\bpostmark\b|\bamazon ses\b|\bmailchimp\b/,
    /\bmailing lists?\b/,
    /\b(?:transactional|welcome|password[ -]reset|confirmation) e-?mails?\b/,
    // A bare "email", but not the sign-in kind ("sign up with email and password").
    /(?<!(?:sign|log)[ -]?(?:in|up|on) (?:with|using|via|by) (?:an? |your )?)(?<!\b(?:with|using|via|by) )\be-?mails?\b(?!\s*(?:and|&|\/|\+|or)\s*passwords?)(?!\s+(?:address(?:es)?|login|log-?in|sign[ -]?(?:in|up)|verification|field|and password))/,
  ],
  realtime: [
    /\breal[ -]?time\b(?:\s+(?:updates?|chat|messaging|collaboration|sync))?/,
    /\blive (?:updates?|chat|feeds?|scores?|data|collaboration|notifications?|dashboards?|cursors?|sync|streams?|streaming|results|leaderboards?|tracking|location|polls?|voting|comments|messages|messaging|presence|auctions?|bidding)\b/,
    /\bweb ?sockets?\b/,
    /\bsocket\.?io\b/,
    /\bsockets\b/,
    /\binstant messag(?:ing|es)\b/,
    /\bserver[- ]sent events\b|\bsse\b/,
    /\bmultiplayer\b/,
    /\bcollaborative (?:editing|whiteboard|documents?)\b/,
    /\btyping indicators?\b/,
    /\bonline presence\b/,
  ],
};

export interface FeatureHints {
  found: FeatureHint[];
  /** Features the prompt turns down ("without payments"): presets may not add them. */
  declined: FeatureHint[];
}

export function detectFeatures(text: PromptText): FeatureHints {
  const found: FeatureHint[] = [];
  const declined: FeatureHint[] = [];
  for (const feature of FEATURES) {
    const m = text.findFirst(RULES[feature]);
    if (m) {
      found.push({ feature, quote: m.quote, index: m.index });
      continue;
    }
    const negated = RULES[feature].map((p) => text.find(p, { allowNegated: true })).find((x) => x !== undefined);
    if (negated) {
      const start = text.negationStart(negated) ?? negated.index;
      declined.push({ feature, quote: text.quoteOf(start, negated.end), index: negated.index });
    }
  }
  return { found, declined };
}
