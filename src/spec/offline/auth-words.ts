import type { AuthSpec } from "../app-spec.js";
import type { PromptText } from "./text.js";

/** What the prompt says about signing in: JWT, OAuth providers, or no auth at all. */

type Provider = AuthSpec["oauth"][number];

export interface AuthHints {
  /** Sign-in was asked for ("JWT", "user authentication", "login"). */
  wanted?: { quote: string; jwt: boolean };
  /**
   * No sign-in was asked for. Strong: "no auth", "without login". Weak: "a public guestbook",
   * which sign-in words elsewhere in the prompt override ("a public site where admins log in").
   */
  declined?: { quote: string; strong: boolean };
  oauth: Provider[];
  oauthQuote?: string;
  /** Set when "OAuth" named no provider we support and one was picked. */
  oauthAssumed?: string;
  /** Social providers named that are not generated. */
  unsupported: string[];
}

const JWT = [/\bjwts?\b(?:\s+(?:auth|authentication|tokens?))?/, /\bjson web tokens?\b/, /\bbearer tokens?\b/];
const WANTS_AUTH = [
  /\b(?:user |users |secure |email |password )?(?:auth|authentication|authorization)\b/,
  /\b(?:login|logins|log[ -]in|logging in|sign[ -]?in|signing in|sign[ -]?up|signing up|registration|register)\b/,
  /\b(?:user|member|customer) accounts?\b/,
  /\bpasswords?\b/,
  /\b(?:logged[ -]in|signed[ -]in) users?\b/,
  /\bmembers[ -]only\b/,
];
const DECLINES_AUTH = [
  /\b(?:no|without(?: any| an?)?|skip(?: the)?) (?:auth|authentication|authorization|login|logins|log[ -]?ins?|logging in|accounts?|user accounts|sign[ -]?ups?|sign[ -]?ins?|signing (?:in|up)|registration|users)\b/,
  /\b(?:no need to|don't need to|dont need to|doesn't need to|do not need to|does not need to|never) (?:log ?in|login|sign (?:in|up)|register)\b/,
  /\banonymous(?:ly)?\b/,
];
const WEAKLY_DECLINES_AUTH = [
  /\b(?:a |an |the )?public (?:app|site|website|guestbook|guest book|wall|board|wiki|page|directory)\b/,
  /\b(?:fully|completely|totally|entirely|100%) public\b/,
  /\b(?:open to|usable by) (?:everyone|anyone|the public)\b/,
];
const OAUTH = [/\bo-?auth ?2?\b(?:\.0)?(?:\s+(?:login|sign[ -]?in))?/, /\bsocial (?:login|logins|sign[ -]?in|auth|authentication)\b/, /\bsso\b/, /\bsingle sign[ -]on\b/];
const PROVIDER_CONTEXT = String.raw`(?:(?:sign|log)[ -]?(?:in|up|on)|login|auth|authentication|oauth|sso|accounts?)`;

export function detectAuth(text: PromptText): AuthHints {
  const hints: AuthHints = { oauth: [], unsupported: [] };
  const jwt = text.findFirst(JWT);
  const wants = jwt ?? text.findFirst(WANTS_AUTH);
  if (wants) hints.wanted = { quote: wants.quote, jwt: jwt !== undefined };
  const strong = text.findFirst(DECLINES_AUTH, { allowNegated: true });
  const weak = strong ? undefined : text.findFirst(WEAKLY_DECLINES_AUTH, { allowNegated: true });
  if (strong) hints.declined = { quote: strong.quote, strong: true };
  else if (weak) hints.declined = { quote: weak.quote, strong: false };

  // "Sign in with GitHub", "Google login", "OAuth (GitHub, Google)".
  const providers = new Map<Provider, string>();
  const supported: Provider[] = ["github", "google"];
  for (const provider of supported) {
    const m =
      text.find(new RegExp(String.raw`\b${PROVIDER_CONTEXT}(?:\s+(?:with|via|using|through|by))?\s+(?:[a-z]+\s+(?:and|or|&|\/|,)\s+)?${provider}\b`)) ??
      text.find(new RegExp(String.raw`\b${provider}\s+(?:(?:and|or|&|\/)\s+[a-z]+\s+)?${PROVIDER_CONTEXT}\b`)) ??
      text.find(new RegExp(String.raw`\b(?:oauth|sso)\b[^.;:!?]{0,40}\b${provider}\b`));
    if (m) providers.set(provider, m.quote);
  }
  for (const other of ["facebook", "apple", "twitter", "microsoft", "discord", "linkedin", "gitlab", "slack"]) {
    const m = text.find(new RegExp(String.raw`\b${PROVIDER_CONTEXT}(?:\s+(?:with|via|using|through|by))?\s+(?:[a-z]+\s+(?:and|or|&|\/|,)\s+)?${other}\b|\b${other}\s+${PROVIDER_CONTEXT}\b`));
    if (m) hints.unsupported.push(`sign-in with ${other.charAt(0).toUpperCase()}${other.slice(1)} is not generated (only GitHub and Google): "${m.quote}"`);
  }
  const oauth = text.findFirst(OAUTH);
  if (providers.size > 0) {
    hints.oauth = supported.filter((p) => providers.has(p));
    hints.oauthQuote = oauth?.quote ?? [...providers.values()][0];
  } else if (oauth) {
    const social = /social|sso|single/.test(oauth.text);
    hints.oauth = social ? ["github", "google"] : ["github"];
    hints.oauthQuote = oauth.quote;
    hints.oauthAssumed = social
      ? `OAuth providers GitHub and Google ("${oauth.quote}" named no provider)`
      : `OAuth provider GitHub ("${oauth.quote}" named no provider)`;
  }
  return hints;
}
