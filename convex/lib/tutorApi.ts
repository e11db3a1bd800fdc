// Signed requests to the Manim Tutor REST API, as its README documents them:
//   X-Tutor-Key: <key id>
//   X-Tutor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<METHOD>.<path with query>.<sha256 hex of body>")>
// Web Crypto only (crypto.subtle), which Convex's default runtime has: no Node APIs needed.
import { ConvexError } from "convex/values";

// Convex functions read their deployment's environment variables from process.env.
declare const process: { env: Record<string, string | undefined> };

const utf8 = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sha256Hex(body: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", body));
}

/** The `v1` of X-Tutor-Signature for one request (`path` as sent, query included). */
export async function signature(secret: string, t: number, method: string, path: string, body: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const message = `${t}.${method}.${path}.${await sha256Hex(body)}`;
  return hex(await crypto.subtle.sign("HMAC", key, utf8.encode(message)));
}

export type TutorApiConfig = { url: string; keyId: string; secret: string };

/** TUTOR_API_URL, TUTOR_API_KEY_ID and TUTOR_API_SECRET from the deployment's environment. */
export function configFromEnv(): TutorApiConfig {
  const url = process.env.TUTOR_API_URL;
  const keyId = process.env.TUTOR_API_KEY_ID;
  const secret = process.env.TUTOR_API_SECRET;
  if (!url || !keyId || !secret) {
    throw new ConvexError({
      code: "tutor_api_not_configured",
      message: "set TUTOR_API_URL, TUTOR_API_KEY_ID and TUTOR_API_SECRET with `npx convex env set`",
    });
  }
  return { url: url.replace(/\/+$/, ""), keyId, secret };
}

/** A random query parameter: the API refuses a signature it has seen (a replay), and two
 * identical requests in one second would otherwise sign the same. */
function nonce(): string {
  return hex(crypto.getRandomValues(new Uint8Array(8)).buffer);
}

/** Send one signed request to `/api/v1{route}`; the parsed JSON answer, or a ConvexError
 * carrying the API's status and its problem+json detail. */
export async function callTutorApi(
  config: TutorApiConfig,
  method: "GET" | "POST",
  route: string,
  payload?: unknown,
  now: () => number = Date.now,
): Promise<unknown> {
  const url = new URL(`${config.url}/api/v1${route}`);
  url.searchParams.set("r", nonce());
  const path = url.pathname + url.search; // exactly what goes on the request line
  const body = payload === undefined ? new Uint8Array() : utf8.encode(JSON.stringify(payload));
  const t = Math.floor(now() / 1000);
  const headers: Record<string, string> = {
    "X-Tutor-Key": config.keyId,
    "X-Tutor-Signature": `t=${t},v1=${await signature(config.secret, t, method, path, body)}`,
  };
  if (payload !== undefined) headers["Content-Type"] = "application/json";
  const answer = await fetch(url, { method, headers, body: payload === undefined ? undefined : body });
  const text = await answer.text();
  if (!answer.ok) {
    let detail = text.slice(0, 500);
    try {
      detail = String(JSON.parse(text).detail ?? detail);
    } catch {
      // not problem+json (a proxy's error page): keep the text
    }
    throw new ConvexError({ code: "tutor_api", status: answer.status, message: detail });
  }
  return JSON.parse(text);
}
