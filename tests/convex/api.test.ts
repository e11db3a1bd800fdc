// The REST API's records (convex/apiKeys.ts, convex/apiJobs.ts): guarded by the server secret,
// scoped to their user, and a replay refused however many callers send it at once.
import { describe, expect, test } from "vitest";
import { api, deployment, SECRET } from "./setup";

type T = ReturnType<typeof deployment>;

async function setUp(t: T) {
  const ada = await t.mutation(api.users.ensure, { name: "ada", secret: SECRET });
  const bob = await t.mutation(api.users.ensure, { name: "bob", secret: SECRET });
  return { ada, bob };
}

const remember = (t: T, signature: string, expiresAt: number) =>
  t.mutation(api.apiKeys.rememberSignature, { secret: SECRET, keyId: "tk_1", signature, expiresAt });

const newJob = (t: T, userId: string, jobId: string) =>
  t.mutation(api.apiJobs.create, {
    secret: SECRET,
    userId,
    jobId,
    keyId: "tk_1",
    kind: "lesson",
    lessonId: null,
    scene: null,
    webhookUrl: null,
  });

describe("the server secret", () => {
  test("every API function refuses a caller without it", async () => {
    const t = deployment();
    const { ada } = await setUp(t);
    const calls = [
      () => t.mutation(api.apiKeys.create, { userId: ada.id, keyId: "tk_1", salt: "s", secretCheck: "c" }),
      () => t.query(api.apiKeys.get, { keyId: "tk_1", secret: "wrong" }),
      () => t.query(api.apiKeys.list, { userName: null, secret: "wrong" }),
      () => t.mutation(api.apiKeys.revoke, { keyId: "tk_1", secret: "wrong" }),
      () => t.mutation(api.apiKeys.rememberSignature, { keyId: "tk_1", signature: "a", expiresAt: 1, secret: "" }),
      () => t.query(api.apiJobs.get, { userId: ada.id, jobId: "job_1", secret: "wrong" }),
      () => t.query(api.apiJobs.webhookAttempts, { jobId: null, limit: 10, secret: "wrong" }),
    ];
    for (const call of calls) await expect(call()).rejects.toThrow(/secret/);
  });
});

describe("keys", () => {
  test("are found by the app's id with their user's name, listed per user, revoked once", async () => {
    const t = deployment();
    const { ada } = await setUp(t);
    const made = await t.mutation(api.apiKeys.create, { secret: SECRET, userId: ada.id, keyId: "tk_1", salt: "s", secretCheck: "c" });
    expect(made).toMatchObject({ id: "tk_1", user_id: ada.id, user_name: "ada", revoked_at: null });
    await expect(
      t.mutation(api.apiKeys.create, { secret: SECRET, userId: ada.id, keyId: "tk_1", salt: "s", secretCheck: "c" }),
    ).rejects.toThrow(/exists already/);
    expect(await t.query(api.apiKeys.list, { secret: SECRET, userName: "bob" })).toEqual([]);
    expect(await t.query(api.apiKeys.list, { secret: SECRET, userName: "nobody" })).toEqual([]);
    expect(await t.mutation(api.apiKeys.revoke, { secret: SECRET, keyId: "tk_1" })).toBe(true);
    expect(await t.mutation(api.apiKeys.revoke, { secret: SECRET, keyId: "tk_1" })).toBe(false);
    expect((await t.query(api.apiKeys.get, { secret: SECRET, keyId: "tk_1" })).revoked_at).not.toBeNull();
  });
});

describe("user scoping", () => {
  test("another user's job is exactly as not found as a missing one", async () => {
    const t = deployment();
    const { ada, bob } = await setUp(t);
    await newJob(t, ada.id, "job_1");
    expect((await t.query(api.apiJobs.get, { secret: SECRET, userId: ada.id, jobId: "job_1" })).state).toBe("queued");
    const others = t.query(api.apiJobs.get, { secret: SECRET, userId: bob.id, jobId: "job_1" });
    await expect(others).rejects.toThrow("No job job_1.");
    const missing = t.query(api.apiJobs.get, { secret: SECRET, userId: ada.id, jobId: "job_9" });
    await expect(missing).rejects.toThrow("No job job_9.");
  });

  test("a job needs a real user", async () => {
    const t = deployment();
    await expect(newJob(t, "nobody", "job_1")).rejects.toThrow(/no user/);
  });
});

describe("the replay memory", () => {
  test("of many callers sending one signature at once, exactly one is accepted", async () => {
    const t = deployment();
    const later = Date.now() + 300_000;
    const answers = await Promise.all(Array.from({ length: 8 }, () => remember(t, "a".repeat(64), later)));
    expect(answers.filter((accepted) => accepted)).toHaveLength(1);
    expect(await remember(t, "b".repeat(64), later)).toBe(true);
  });

  test("an expired signature may be sent again, and expired rows are dropped by later writes", async () => {
    const t = deployment();
    expect(await remember(t, "a".repeat(64), Date.now() - 1000)).toBe(true);
    expect(await remember(t, "c".repeat(64), Date.now() - 1000)).toBe(true);
    expect(await remember(t, "a".repeat(64), Date.now() + 300_000)).toBe(true);
    const left = await t.run(async (ctx) => (await ctx.db.query("apiSignatures").collect()).map((s) => s.signature));
    expect(left).toEqual(["a".repeat(64)]);
  });
});

describe("webhook attempts", () => {
  test("the newest come back oldest first, per job or all", async () => {
    const t = deployment();
    for (const n of [1, 2, 3]) {
      await t.mutation(api.apiJobs.addWebhookAttempt, {
        secret: SECRET,
        attemptId: `w${n}`,
        jobId: n < 3 ? "job_1" : "job_2",
        url: "http://h/x",
        attempt: n,
        status: n === 2 ? null : 500,
        error: null,
        at: 1000, // one instant: the attempt number orders them
        durationMs: 5,
      });
    }
    const ids = async (jobId: string | null, limit: number) =>
      (await t.query(api.apiJobs.webhookAttempts, { secret: SECRET, jobId, limit })).map((a: { id: string }) => a.id);
    expect(await ids(null, 10)).toEqual(["w1", "w2", "w3"]);
    expect(await ids(null, 2)).toEqual(["w2", "w3"]);
    expect(await ids("job_1", 10)).toEqual(["w1", "w2"]);
  });
});
