import { expect, test } from "vitest";
import { api, deployment, DRAFTS, SECRET } from "./setup";

const CRAMPED = { kind: "overlap", message: "Text('a') is drawn over Text('b').", at_s: 1.25, line: 4, objects: ["Text('a')", "Text('b')"] };

test("a lesson tree dumped from one deployment loads whole into another", async () => {
  const source = deployment();
  const ada = await source.mutation(api.users.ensure, { secret: SECRET, name: "ada" });
  await source.mutation(api.users.setPasswordHash, { secret: SECRET, name: "ada", passwordHash: "scrypt$x" });
  const lesson = await source.mutation(api.lessons.create, {
    secret: SECRET, userId: ada.id, title: "T", prompt: "p", sessionId: "c", quality: "low", scenes: DRAFTS,
  });
  const version = await source.mutation(api.scenes.addVersion, {
    secret: SECRET, userId: ada.id, lessonId: lesson.id, n: 1, code: "code", note: "draft",
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
  expect(tree.scenes.map((s: { versions: unknown[] }) => s.versions.length)).toEqual([1, 0, 0]);
  expect(tree.scenes[0].versions[0].layout).toEqual([CRAMPED]);

  const target = deployment();
  for (const user of users) await target.mutation(api.copy.loadUser, { secret: SECRET, ...user });
  await target.mutation(api.copy.loadLesson, { secret: SECRET, lesson: tree });
  const copiedIds = await target.query(api.copy.lessonIds, { secret: SECRET });
  expect(await target.query(api.copy.lesson, { secret: SECRET, lessonId: copiedIds[0] })).toEqual(tree);
  expect(await target.query(api.copy.users, { secret: SECRET })).toEqual(users);
  await expect(target.mutation(api.copy.loadUser, { secret: SECRET, ...users[0] })).rejects.toThrow(/already here/);
  await expect(target.query(api.copy.users, { secret: "nope" })).rejects.toThrow(/wrong server secret/);
});
