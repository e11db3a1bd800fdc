// Every lookup of lesson data matches the owner too, so another user's record is exactly as
// "not found" as a missing one (same error, same message).
import { Doc, Id } from "../_generated/dataModel";
import { QueryCtx } from "../_generated/server";
import { fail } from "./guard";

const quoted = (text: string) => `'${text}'`;

export async function requireUser(ctx: QueryCtx, userId: string): Promise<Doc<"users">> {
  const id = ctx.db.normalizeId("users", userId);
  const user = id === null ? null : await ctx.db.get(id);
  if (user === null) throw fail("not_found", `no user ${quoted(userId)}`);
  return user;
}

export async function ownedLesson(ctx: QueryCtx, userId: string, lessonId: string): Promise<Doc<"lessons">> {
  const id = ctx.db.normalizeId("lessons", lessonId);
  const lesson = id === null ? null : await ctx.db.get(id);
  if (lesson === null || lesson.ownerId !== userId) {
    throw fail("not_found", `no lesson ${quoted(lessonId)}`);
  }
  return lesson;
}

export async function ownedScene(ctx: QueryCtx, userId: string, lessonId: string, n: number) {
  const lesson = await ownedLesson(ctx, userId, lessonId);
  const scene = await ctx.db
    .query("scenes")
    .withIndex("by_lesson_n", (q) => q.eq("lessonId", lesson._id).eq("n", n))
    .unique();
  if (scene === null) throw fail("not_found", `lesson ${quoted(lessonId)} has no scene ${n}`);
  return scene;
}

export async function ownedVersion(ctx: QueryCtx, userId: string, versionId: string) {
  const id = ctx.db.normalizeId("sceneVersions", versionId);
  const version = id === null ? null : await ctx.db.get(id);
  const scene = version === null ? null : await ctx.db.get(version.sceneId);
  const lesson = scene === null ? null : await ctx.db.get(scene.lessonId);
  if (version === null || lesson === null || lesson.ownerId !== userId) {
    throw fail("not_found", `no scene version ${quoted(versionId)}`);
  }
  return version;
}

export async function okVersion(ctx: QueryCtx, sceneId: Id<"scenes">, number: number) {
  return await ctx.db
    .query("sceneVersions")
    .withIndex("by_scene_status_number", (q) =>
      q.eq("sceneId", sceneId).eq("status", "ok").eq("number", number),
    )
    .unique();
}

/** The pinned version if it is ok, else the newest ok one. */
export async function currentVersion(ctx: QueryCtx, scene: Doc<"scenes">) {
  if (scene.pinnedVersion !== null) {
    const pinned = await okVersion(ctx, scene._id, scene.pinnedVersion);
    if (pinned !== null) return pinned;
  }
  return await ctx.db
    .query("sceneVersions")
    .withIndex("by_scene_status_number", (q) => q.eq("sceneId", scene._id).eq("status", "ok"))
    .order("desc")
    .first();
}

export async function latestVersion(ctx: QueryCtx, sceneId: Id<"scenes">) {
  return await ctx.db
    .query("sceneVersions")
    .withIndex("by_scene_number", (q) => q.eq("sceneId", sceneId))
    .order("desc")
    .first();
}
