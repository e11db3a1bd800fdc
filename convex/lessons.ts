// Lessons ("video sessions") and their exports, always read and written as their owner.
import { v } from "convex/values";
import { Id } from "./_generated/dataModel";
import { MutationCtx } from "./_generated/server";
import { serverMutation, serverQuery } from "./lib/guard";
import { ownedLesson, requireUser } from "./lib/owned";
import { exportRecord, lessonRecord } from "./lib/records";

const quality = v.union(v.literal("low"), v.literal("medium"), v.literal("high"));
const draft = v.object({ title: v.string(), goal: v.string(), narration: v.string(), visual: v.string() });
const exportFiles = v.object({
  video_key: v.string(),
  chapters_key: v.string(),
  subtitles_key: v.string(),
  duration_s: v.number(),
  scene_versions: v.array(v.number()),
});

/** The owner's next update number: lessons list in this order, newest first. */
async function nextSeq(ctx: MutationCtx, ownerId: Id<"users">): Promise<number> {
  const top = await ctx.db
    .query("lessons")
    .withIndex("by_owner_seq", (q) => q.eq("ownerId", ownerId))
    .order("desc")
    .first();
  return (top?.updatedSeq ?? 0) + 1;
}

async function defaultProjectId(ctx: MutationCtx, ownerId: Id<"users">): Promise<Id<"projects">> {
  const found = await ctx.db
    .query("projects")
    .withIndex("by_owner_default", (q) => q.eq("ownerId", ownerId).eq("isDefault", true))
    .unique();
  if (found !== null) return found._id;
  return await ctx.db.insert("projects", { ownerId, name: "Lessons", isDefault: true, createdAt: Date.now() });
}

export const create = serverMutation({
  args: { userId: v.string(), title: v.string(), prompt: v.string(), sessionId: v.string(), quality, scenes: v.array(draft) },
  handler: async (ctx, args) => {
    const user = await requireUser(ctx, args.userId);
    const now = Date.now();
    const lessonId = await ctx.db.insert("lessons", {
      ownerId: user._id,
      projectId: await defaultProjectId(ctx, user._id),
      title: args.title,
      prompt: args.prompt,
      sessionId: args.sessionId,
      quality: args.quality,
      createdAt: now,
      updatedAt: now,
      updatedSeq: await nextSeq(ctx, user._id),
    });
    for (const [i, d] of args.scenes.entries()) {
      await ctx.db.insert("scenes", { lessonId, n: i + 1, ...d, pinnedVersion: null });
    }
    return lessonRecord((await ctx.db.get(lessonId))!);
  },
});

export const get = serverQuery({
  args: { userId: v.string(), lessonId: v.string() },
  handler: async (ctx, { userId, lessonId }) => lessonRecord(await ownedLesson(ctx, userId, lessonId)),
});

/** The user's lessons (in one conversation, if `sessionId`), most recently updated first. */
export const list = serverQuery({
  args: { userId: v.string(), sessionId: v.union(v.string(), v.null()) },
  handler: async (ctx, { userId, sessionId }) => {
    const ownerId = ctx.db.normalizeId("users", userId);
    if (ownerId === null) return [];
    const found =
      sessionId === null
        ? ctx.db.query("lessons").withIndex("by_owner_seq", (q) => q.eq("ownerId", ownerId))
        : ctx.db
            .query("lessons")
            .withIndex("by_owner_session_seq", (q) => q.eq("ownerId", ownerId).eq("sessionId", sessionId));
    return (await found.order("desc").collect()).map(lessonRecord);
  },
});

export const touch = serverMutation({
  args: { userId: v.string(), lessonId: v.string(), title: v.union(v.string(), v.null()) },
  handler: async (ctx, { userId, lessonId, title }) => {
    const lesson = await ownedLesson(ctx, userId, lessonId);
    await ctx.db.patch(lesson._id, {
      updatedAt: Math.max(Date.now(), lesson.updatedAt),
      updatedSeq: await nextSeq(ctx, lesson.ownerId),
      ...(title === null ? {} : { title }),
    });
    return lessonRecord((await ctx.db.get(lesson._id))!);
  },
});

export const addExport = serverMutation({
  args: { userId: v.string(), lessonId: v.string(), files: exportFiles },
  handler: async (ctx, { userId, lessonId, files }) => {
    const lesson = await ownedLesson(ctx, userId, lessonId);
    const top = await ctx.db
      .query("exports")
      .withIndex("by_lesson_number", (q) => q.eq("lessonId", lesson._id))
      .order("desc")
      .first();
    const id = await ctx.db.insert("exports", {
      lessonId: lesson._id,
      number: (top?.number ?? 0) + 1,
      videoKey: files.video_key,
      chaptersKey: files.chapters_key,
      subtitlesKey: files.subtitles_key,
      durationS: files.duration_s,
      sceneVersions: files.scene_versions,
      createdAt: Date.now(),
    });
    return exportRecord((await ctx.db.get(id))!);
  },
});

export const latestExport = serverQuery({
  args: { userId: v.string(), lessonId: v.string() },
  handler: async (ctx, { userId, lessonId }) => {
    const lesson = await ownedLesson(ctx, userId, lessonId);
    const found = await ctx.db
      .query("exports")
      .withIndex("by_lesson_number", (q) => q.eq("lessonId", lesson._id))
      .order("desc")
      .first();
    return found === null ? null : exportRecord(found);
  },
});
