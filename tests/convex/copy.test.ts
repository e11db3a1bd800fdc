import { expect, test } from "vitest";
import { api, deployment, DRAFTS, SECRET } from "./setup";

const CRAMPED = { kind: "overlap", message: "Text('a') is drawn over Text('b').", at_s: 1.25, line: 4, objects: ["Text('a')", "Text('b')"] };
const SPOKEN = {
  text: "One. Two.", voice: "espeak-ng:en-us:160", speech_s: 1.5,
  spans: [{ start_s: 0, end_s: 0.625, text: "One." }, { start_s: 0.75, end_s: 1.5, text: "Two." }],
};

test("a lesson tree dumped from one deployment loads whole into another", async () => {
  const source = deployment();
  const ada = await source.mutation(api.users.ensure, { secret: SECRET, name: "ada" });
  await source.mutation(api.users.setPasswordHash, { secret: SECRET, name: "ada", passwordHash: "scrypt$x" });
  const lesson = await source.mutation(api.lessons.create, {
    secret: SECRET, userId: ada.id, title: "T", prompt: "p", sessionId: "c", quality: "low", scenes: DRAFTS,
  });
  const version = await source.mutation(api.scenes.addVersion, {
    secret: SECRET, userId: ada.id, lessonId: lesson.id, n: 1, code: "code", note: "draft", narration: SPOKEN,
  });
  // One stored before narrations were kept: no field at all, copied as none.
  const old = await source.mutation(api.scenes.addVersion, {
    secret: SECRET, userId: ada.id, lessonId: lesson.id, n: 2, code: "old", note: "draft",
  });
  await source.run(async (ctx) => {
    const id = ctx.db.normalizeId("sceneVersions", old.id)!;
    const { _id, _creationTime, narration, ...rest } = (await ctx.db.get(id))!;
    await ctx.db.replace(id, rest);
  });
  await source.mutation(api.scenes.setStatus, {
    secret: SECRET, userId: ada.id, versionId: version.id, status: "ok",
    clip: { clip_key: "c.mp4", poster_key: null, duration_s: 2 }, error: null, layout: [CRAMPED],
  });
  await source.mutation(api.shares.create, { secret: SECRET, userId: ada.id, lessonId: lesson.id, token: "tok", expiresAt: null });

  const users = await source.query(api.copy.users, { secret: SECRET });
  const ids = await source.query(api.copy.lessonIds, { secret: SECRET });
  const tree = await source.query(api.copy.lesson, { secret: SECRET, lessonId: ids[0] });
  expect(users).toEqual([{ name: "ada", created_at: ada.created_at, password_hash: "scrypt$x" }]);
  expect(tree.scenes.map((s: { versions: unknown[] }) => s.versions.length)).toEqual([1, 1, 0]);
  expect(tree.scenes[0].versions[0].layout).toEqual([CRAMPED]);
  expect(tree.scenes.slice(0, 2).map((s: { versions: { narration: unknown }[] }) => s.versions[0].narration)).toEqual([SPOKEN, null]);

  const target = deployment();
  for (const user of users) await target.mutation(api.copy.loadUser, { secret: SECRET, ...user });
  await target.mutation(api.copy.loadLesson, { secret: SECRET, lesson: tree });
  const copiedIds = await target.query(api.copy.lessonIds, { secret: SECRET });
  expect(await target.query(api.copy.lesson, { secret: SECRET, lessonId: copiedIds[0] })).toEqual(tree);
  expect(await target.query(api.copy.users, { secret: SECRET })).toEqual(users);
  await expect(target.mutation(api.copy.loadUser, { secret: SECRET, ...users[0] })).rejects.toThrow(/already here/);
  await expect(target.query(api.copy.users, { secret: "nope" })).rejects.toThrow(/wrong server secret/);
});
