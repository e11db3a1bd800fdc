// convex/jobs.ts and its signing (convex/lib/tutorApi.ts): the signature is the README's
// formula, computed here against vectors from Python's hmac; the actions are internal, send
// what they signed, and turn a problem+json refusal into a ConvexError with its detail.
import { anyApi } from "convex/server";
import { ConvexError } from "convex/values";
import { afterEach, expect, test, vi } from "vitest";
import * as jobs from "../../convex/jobs";
import { signature } from "../../convex/lib/tutorApi";
import { deployment } from "./setup";

const internal = anyApi;
const utf8 = new TextEncoder();
const T = 1767225600;

// hmac.new(secret, f"{t}.{method}.{path}.{sha256(body).hexdigest()}", sha256).hexdigest()
test("the signature is the documented HMAC, over the body's UTF-8 bytes", async () => {
  const body = utf8.encode('{"prompt":"sines é"}');
  expect(await signature("tsk_test-secret", T, "POST", "/api/v1/lessons?r=00", body)).toBe(
    "b875a43afb6054731b988c7fe4ad988c6d28a04ff4f22bbf082840613972d169",
  );
  expect(await signature("tsk_test-secret", T, "GET", "/api/v1/jobs/job_1?r=00", new Uint8Array())).toBe(
    "6f888a320071abd0ac8cc90c9973f3b60608defa3d46a5082deecd36ea29a0fb",
  );
});

test("the actions spend the API key, so no client may call them", () => {
  for (const action of [jobs.requestLesson, jobs.jobStatus]) {
    const registered = action as unknown as { isAction: boolean; isInternal: boolean; isPublic?: boolean };
    expect(registered.isAction && registered.isInternal && !registered.isPublic).toBe(true);
  }
});

type Sent = { url: string; method: string; headers: Record<string, string>; body: Uint8Array };

function fakeApi(status: number, answer: unknown, contentType = "application/json") {
  const sent: Sent[] = [];
  vi.stubGlobal("fetch", async (url: URL, init: RequestInit) => {
    const body = init.body === undefined ? new Uint8Array() : (init.body as Uint8Array);
    sent.push({ url: String(url), method: String(init.method), headers: init.headers as Record<string, string>, body });
    return new Response(JSON.stringify(answer), { status, headers: { "content-type": contentType } });
  });
  return sent;
}

function configured() {
  const t = deployment();
  process.env.TUTOR_API_URL = "https://tutor.example.org/";
  process.env.TUTOR_API_KEY_ID = "tk_0123456789abcdef";
  process.env.TUTOR_API_SECRET = "tsk_test-secret";
  return t;
}

afterEach(() => {
  vi.unstubAllGlobals();
  for (const name of ["TUTOR_API_URL", "TUTOR_API_KEY_ID", "TUTOR_API_SECRET"]) delete process.env[name];
});

test("requestLesson signs the bytes and the path it sends, and returns {lesson, job}", async () => {
  const t = configured();
  const job = { id: "job_1", state: "queued", lesson_id: null };
  const sent = fakeApi(202, { lesson: null, job });
  const made = await t.action(internal.jobs.requestLesson, { prompt: "sines é", quality: "low", webhookUrl: "https://h.example/x" });
  expect(made).toEqual({ lesson: null, job });

  const [request] = sent;
  const url = new URL(request.url);
  expect(url.origin + url.pathname).toBe("https://tutor.example.org/api/v1/lessons");
  expect(JSON.parse(new TextDecoder().decode(request.body))).toEqual({ prompt: "sines é", quality: "low", webhook_url: "https://h.example/x" });
  expect(request.headers["X-Tutor-Key"]).toBe("tk_0123456789abcdef");
  const [, at, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(request.headers["X-Tutor-Signature"])!;
  expect(Math.abs(Number(at) - Date.now() / 1000)).toBeLessThan(5);
  expect(v1).toBe(await signature("tsk_test-secret", Number(at), "POST", url.pathname + url.search, request.body));
});

test("two identical requests in one second still sign differently (no replay refusal)", async () => {
  const t = configured();
  const sent = fakeApi(200, { id: "job_1", state: "running", lesson_id: null });
  await t.action(internal.jobs.jobStatus, { job: "job_1" });
  await t.action(internal.jobs.jobStatus, { job: "job_1" });
  expect(sent.map((s) => new URL(s.url).pathname)).toEqual(["/api/v1/jobs/job_1", "/api/v1/jobs/job_1"]);
  expect(sent[0].headers["X-Tutor-Signature"]).not.toBe(sent[1].headers["X-Tutor-Signature"]);
});

test("a refusal is a ConvexError with the API's status and detail", async () => {
  const t = configured();
  fakeApi(422, { type: "about:blank", title: "Unprocessable Entity", status: 422, detail: "prompt: too short" }, "application/problem+json");
  const refused = await t.action(internal.jobs.requestLesson, { prompt: "" }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(ConvexError);
  expect((refused as ConvexError<{ status: number; message: string }>).data).toMatchObject({ status: 422, message: "prompt: too short" });
});

test("without the three environment variables it says how to set them", async () => {
  const t = deployment();
  await expect(t.action(internal.jobs.jobStatus, { job: "job_1" })).rejects.toThrow(/npx convex env set/);
});
