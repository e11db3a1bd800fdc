import { describe, expect, test } from "vitest";
import { api, deployment, DRAFTS, SECRET } from "./setup";

type T = ReturnType<typeof deployment>;

async function setUp(t: T) {
  const alice = await t.mutation(api.users.ensure, { name: "alice", secret: SECRET });
  const bob = await t.mutation(api.users.ensure, { name: "bob", secret: SECRET });
  const lesson = await t.mutation(api.lessons.create, {
    secret: SECRET,
    userId: alice.id,
    title: "Pythagoras",
    prompt: "make it",
    sessionId: "chat-1",
    quality: "low",
    scenes: DRAFTS,
  });
  return { alice, bob, lesson };
}

const addVersion = (t: T, userId: string, lessonId: string, n: number, code: string) =>
  t.mutation(api.scenes.addVersion, { secret: SECRET, userId, lessonId, n, code, note: "draft" });

const setStatus = (t: T, userId: string, versionId: string, status: string, clip: string | null = null) =>
  t.mutation(api.scenes.setStatus, {
    secret: SECRET,
    userId,
    versionId,
    status,
    clip: clip === null ? null : { clip_key: clip, poster_key: null, duration_s: 1.5 },
    error: status === "failed" ? { kind: "runtime", message: "boom", line: 3, hint: null, log_tail: "" } : null,
  });

describe("the server secret", () => {
  test("a call without it, or with a wrong one, is refused", async () => {
    const t = deployment();
    await expect(t.query(api.users.list, {})).rejects.toThrow(/secret/);
    await expect(t.query(api.users.list, { secret: "wrong" })).rejects.toThrow(/wrong server secret/);
    await expect(t.mutation(api.users.ensure, { name: "eve", secret: SECRET.slice(0, -1) })).rejects.toThrow(
      /wrong server secret/,
    );
    expect(await t.query(api.users.list, { secret: SECRET })).toEqual([]);
  });

  test("a deployment without a secret refuses everything", async () => {
    const t = deployment();
    delete process.env.TUTOR_CONVEX_SECRET;
    await expect(t.query(api.users.list, { secret: "" })).rejects.toThrow(/no TUTOR_CONVEX_SECRET/);
    await expect(t.query(api.users.list, { secret: SECRET })).rejects.toThrow(/no TUTOR_CONVEX_SECRET/);
  });
});

describe("user scoping", () => {
  test("another user's lesson is exactly as not found as a missing one", async () => {
    const t = deployment();
    const { alice, bob, lesson } = await setUp(t);
    const version = await addVersion(t, alice.id, lesson.id, 1, "code");
    const calls: Record<string, (userId: string, lessonId: string, versionId: string) => Promise<unknown>> = {
      get: (u, l) => t.query(api.lessons.get, { secret: SECRET, userId: u, lessonId: l }),
      scenes: (u, l) => t.query(api.scenes.list, { secret: SECRET, userId: u, lessonId: l }),
      addVersion: (u, l) => addVersion(t, u, l, 1, "evil"),
      setStatus: (u, _l, v) => setStatus(t, u, v, "failed"),
      pin: (u, l) => t.mutation(api.scenes.pin, { secret: SECRET, userId: u, lessonId: l, n: 1, number: null }),
      touch: (u, l) => t.mutation(api.lessons.touch, { secret: SECRET, userId: u, lessonId: l, title: "pwned" }),
      share: (u, l) => t.mutation(api.shares.create, { secret: SECRET, userId: u, lessonId: l, token: "t", expiresAt: null }),
    };
    for (const [name, call] of Object.entries(calls)) {
      const theirs = await call(bob.id, lesson.id, version.id).then(() => null, (e: Error) => e);
      const missing = await call(alice.id, "f".repeat(32), "f".repeat(32)).then(() => null, (e: Error) => e);
      expect(theirs, name).not.toBeNull();
      expect(theirs!.message.replaceAll(lesson.id, "ID").replaceAll(version.id, "ID"), name).toBe(
        missing!.message.replaceAll("f".repeat(32), "ID"),
      );
    }
    expect(await t.query(api.lessons.list, { secret: SECRET, userId: bob.id, sessionId: null })).toEqual([]);
    expect((await t.query(api.lessons.get, { secret: SECRET, userId: alice.id, lessonId: lesson.id })).title).toBe(
      "Pythagoras",
    );
  });
});

describe("scene versions", () => {
  test("versions are immutable attempts; a failed edit keeps the live version", async () => {
    const t = deployment();
    const { alice, lesson } = await setUp(t);
    const v1 = await addVersion(t, alice.id, lesson.id, 2, "code 1");
    await setStatus(t, alice.id, v1.id, "ok", "c1.mp4");
    const v2 = await addVersion(t, alice.id, lesson.id, 2, "code 2");
    expect(v2.parent_number).toBe(1);
    const failed = await setStatus(t, alice.id, v2.id, "failed");
    expect(failed.error.message).toBe("boom");
    const args = { secret: SECRET, userId: alice.id, lessonId: lesson.id, n: 2 };
    expect((await t.query(api.scenes.current, args)).number).toBe(1);
    expect((await t.query(api.scenes.latest, args)).number).toBe(2);
    // A finished version never changes again.
    await expect(setStatus(t, alice.id, v1.id, "failed")).rejects.toThrow(/cannot go from ok to failed/);
    await expect(setStatus(t, alice.id, v2.id, "ok", "late.mp4")).rejects.toThrow(/cannot go from failed to ok/);
    const all = await t.query(api.scenes.versions, args);
    expect(all.map((v: { code: string; status: string }) => [v.code, v.status])).toEqual([
      ["code 1", "ok"],
      ["code 2", "failed"],
    ]);
    // Revert pins an ok version only.
    await expect(t.mutation(api.scenes.pin, { ...args, number: 2 })).rejects.toThrow(/no ok version 2/);
    const v3 = await addVersion(t, alice.id, lesson.id, 2, "code 3");
    await setStatus(t, alice.id, v3.id, "ok", "c3.mp4");
    expect((await t.mutation(api.scenes.pin, { ...args, number: 1 })).pinned_version).toBe(1);
    expect((await t.query(api.scenes.current, args)).number).toBe(1);
  });

  test("a good render keeps its layout items; a malformed one is refused; old versions have none", async () => {
    const t = deployment();
    const { alice, lesson } = await setUp(t);
    const item = { kind: "too_small", message: "6 px tall: use a larger font_size.", at_s: 0.5, line: null, objects: ["Text('ß')"] };
    const args = { secret: SECRET, userId: alice.id, status: "ok", clip: { clip_key: "c.mp4", poster_key: null, duration_s: 1 }, error: null };
    const v1 = await addVersion(t, alice.id, lesson.id, 1, "code 1");
    await expect(
      t.mutation(api.scenes.setStatus, { ...args, versionId: v1.id, layout: [{ ...item, kind: "ugly" }] }),
    ).rejects.toThrow(/Validator/);
    expect((await t.mutation(api.scenes.setStatus, { ...args, versionId: v1.id, layout: [item] })).layout).toEqual([item]);
    // A version stored before layout items were kept has no field at all: it reads as none.
    const v2 = await addVersion(t, alice.id, lesson.id, 1, "code 2");
    await t.run(async (ctx) => {
      const id = ctx.db.normalizeId("sceneVersions", v2.id)!;
      const { _id, _creationTime, layout, ...old } = (await ctx.db.get(id))!;
      await ctx.db.replace(id, old);
    });
    const versions = await t.query(api.scenes.versions, { secret: SECRET, userId: alice.id, lessonId: lesson.id, n: 1 });
    expect(versions.map((v: { layout: unknown[] }) => v.layout)).toEqual([[item], []]);
  });

  test("a version keeps the narration it was made with; a malformed one is refused; old versions have none", async () => {
    const t = deployment();
    const { alice, lesson } = await setUp(t);
    const spoken = {
      text: "Square the legs. Their sum is c².",
      voice: "espeak-ng:en-us:160",
      speech_s: 2.75,
      spans: [
        { start_s: 0, end_s: 1.25, text: "Square the legs." },
        { start_s: 1.5, end_s: 2.75, text: "Their sum is c²." },
      ],
    };
    const args = { secret: SECRET, userId: alice.id, lessonId: lesson.id, n: 1, note: "draft" };
    await expect(
      t.mutation(api.scenes.addVersion, { ...args, code: "bad", narration: { ...spoken, speech_s: "long" } }),
    ).rejects.toThrow(/Validator/);
    const v1 = await t.mutation(api.scenes.addVersion, { ...args, code: "code 1", narration: spoken });
    expect(v1.narration).toEqual(spoken);
    const v2 = await t.mutation(api.scenes.addVersion, { ...args, code: "code 2", narration: null });
    const v3 = await addVersion(t, alice.id, lesson.id, 1, "code 3");
    expect([v2.narration, v3.narration]).toEqual([null, null]);
    await setStatus(t, alice.id, v1.id, "ok", "c1.mp4");
    const scene = { secret: SECRET, userId: alice.id, lessonId: lesson.id, n: 1 };
    expect((await t.query(api.scenes.current, scene)).narration).toEqual(spoken);
    // A version stored before narrations were kept has no field at all: it reads as none.
    await t.run(async (ctx) => {
      const id = ctx.db.normalizeId("sceneVersions", v3.id)!;
      const { _id, _creationTime, narration, ...old } = (await ctx.db.get(id))!;
      await ctx.db.replace(id, old);
    });
    expect((await t.query(api.scenes.latest, scene)).narration).toBeNull();
    const versions = await t.query(api.scenes.versions, scene);
    expect(versions.map((v: { narration: unknown }) => v.narration)).toEqual([spoken, null, null]);
  });

  test("concurrent writers of one scene get distinct version numbers", async () => {
    const t = deployment();
    const { alice, lesson } = await setUp(t);
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, i) => addVersion(t, alice.id, lesson.id, 3, `code ${i}`)),
    );
    expect(made.map((v) => v.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const stored = await t.run(async (ctx) => await ctx.db.query("sceneVersions").collect());
    expect(new Set(stored.map((v) => v.code)).size).toBe(20);
  });

  test("exports are numbered per lesson", async () => {
    const t = deployment();
    const { alice, lesson } = await setUp(t);
    const files = { video_key: "v.mp4", chapters_key: "c.vtt", subtitles_key: "s.srt", duration_s: 12.5, scene_versions: [1, 0, 2] };
    const args = { secret: SECRET, userId: alice.id, lessonId: lesson.id };
    const made = await Promise.all([1, 2, 3].map(() => t.mutation(api.lessons.addExport, { ...args, files })));
    expect(made.map((e) => e.number).sort()).toEqual([1, 2, 3]);
    expect((await t.query(api.lessons.latestExport, args)).scene_versions).toEqual([1, 0, 2]);
  });
});
