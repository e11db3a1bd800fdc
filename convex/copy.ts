// A whole installation out and in, for `tutor store copy`: users with their password hashes,
// and each lesson as one tree (scenes, versions, exports, shares). Ids are not copied; the
// copy refers to users by name. Login sessions are not copied.
import { v } from "convex/values";
import { Doc } from "./_generated/dataModel";
import { QueryCtx } from "./_generated/server";
import { fail, serverMutation, serverQuery } from "./lib/guard";
import { layoutItem, narration, renderError, versionStatus } from "./schema";

const nullable = <T extends Parameters<typeof v.union>[0]>(inner: T) => v.union(inner, v.null());

const versionData = v.object({
  number: v.number(),
  code: v.string(),
  note: v.string(),
  parent_number: nullable(v.number()),
  status: versionStatus,
  clip_key: nullable(v.string()),
  poster_key: nullable(v.string()),
  duration_s: nullable(v.number()),
  error: nullable(renderError),
  created_at: v.number(),
  rendered_by: nullable(v.string()),
  layout: v.array(layoutItem),
  narration: nullable(narration),
});
const sceneData = v.object({
  n: v.number(),
  title: v.string(),
  goal: v.string(),
  narration: v.string(),
  visual: v.string(),
  pinned_version: nullable(v.number()),
  versions: v.array(versionData),
});
const exportData = v.object({
  number: v.number(),
  video_key: v.string(),
  chapters_key: v.string(),
  subtitles_key: v.string(),
  duration_s: v.number(),
  scene_versions: v.array(v.number()),
  created_at: v.number(),
});
const shareData = v.object({
  token: v.string(),
  created_at: v.number(),
  expires_at: nullable(v.number()),
  revoked_at: nullable(v.number()),
});
const lessonData = v.object({
  owner: v.string(),
  title: v.string(),
  prompt: v.string(),
  session_id: v.string(),
  quality: v.union(v.literal("low"), v.literal("medium"), v.literal("high")),
  created_at: v.number(),
  updated_at: v.number(),
  scenes: v.array(sceneData),
  exports: v.array(exportData),
  shares: v.array(shareData),
});

export const users = serverQuery({
  args: {},
  handler: async (ctx) => {
    const all = await ctx.db.query("users").withIndex("by_name").collect();
    return await Promise.all(
      all.map(async (u) => {
        const found = await ctx.db.query("credentials").withIndex("by_user", (q) => q.eq("userId", u._id)).unique();
        return { name: u.name, created_at: u.createdAt, password_hash: found?.passwordHash ?? null };
      }),
    );
  },
});

/** Every lesson's id: by owner name, then least recently updated first. */
export const lessonIds = serverQuery({
  args: {},
  handler: async (ctx) => {
    const ids: string[] = [];
    for (const user of await ctx.db.query("users").withIndex("by_name").collect()) {
      const lessons = await ctx.db.query("lessons").withIndex("by_owner_seq", (q) => q.eq("ownerId", user._id)).collect();
      ids.push(...lessons.map((l) => l._id));
    }
    return ids;
  },
});

async function sceneTree(ctx: QueryCtx, scene: Doc<"scenes">) {
  const versions = await ctx.db.query("sceneVersions").withIndex("by_scene_number", (q) => q.eq("sceneId", scene._id)).collect();
  return {
    n: scene.n,
    title: scene.title,
    goal: scene.goal,
    narration: scene.narration,
    visual: scene.visual,
    pinned_version: scene.pinnedVersion,
    versions: versions.map((x) => ({
      number: x.number,
      code: x.code,
      note: x.note,
      parent_number: x.parentNumber,
      status: x.status,
      clip_key: x.clipKey,
      poster_key: x.posterKey,
      duration_s: x.durationS,
      error: x.error,
      created_at: x.createdAt,
      rendered_by: x.renderedBy ?? null,
      layout: x.layout ?? [],
      narration: x.narration ?? null,
    })),
  };
}

export const lesson = serverQuery({
  args: { lessonId: v.string() },
  handler: async (ctx, { lessonId }) => {
    const id = ctx.db.normalizeId("lessons", lessonId);
    const found = id === null ? null : await ctx.db.get(id);
    if (found === null) throw fail("not_found", `no lesson '${lessonId}'`);
    const owner = (await ctx.db.get(found.ownerId))!;
    const scenes = await ctx.db.query("scenes").withIndex("by_lesson_n", (q) => q.eq("lessonId", found._id)).collect();
    const exports = await ctx.db.query("exports").withIndex("by_lesson_number", (q) => q.eq("lessonId", found._id)).collect();
    const shares = await ctx.db.query("shares").withIndex("by_lesson", (q) => q.eq("lessonId", found._id)).collect();
    return {
      owner: owner.name,
      title: found.title,
      prompt: found.prompt,
      session_id: found.sessionId,
      quality: found.quality,
      created_at: found.createdAt,
      updated_at: found.updatedAt,
      scenes: await Promise.all(scenes.map((s) => sceneTree(ctx, s))),
      exports: exports.map((e) => ({
        number: e.number,
        video_key: e.videoKey,
        chapters_key: e.chaptersKey,
        subtitles_key: e.subtitlesKey,
        duration_s: e.durationS,
        scene_versions: e.sceneVersions,
        created_at: e.createdAt,
      })),
      shares: shares.map((s) => ({ token: s.token, created_at: s.createdAt, expires_at: s.expiresAt, revoked_at: s.revokedAt })),
    };
  },
});

export const loadUser = serverMutation({
  args: { name: v.string(), created_at: v.number(), password_hash: nullable(v.string()) },
  handler: async (ctx, { name, created_at, password_hash }) => {
    const taken = await ctx.db.query("users").withIndex("by_name", (q) => q.eq("name", name)).unique();
    if (taken !== null) throw fail("conflict", `user '${name}' is already here: copy into an empty store`);
    const userId = await ctx.db.insert("users", { name, createdAt: created_at });
    if (password_hash !== null) {
      await ctx.db.insert("credentials", { userId, passwordHash: password_hash, updatedAt: Date.now() });
    }
    return null;
  },
});

/** One lesson tree, written whole; call in each owner's update order (it lists that way). */
export const loadLesson = serverMutation({
  args: { lesson: lessonData },
  handler: async (ctx, { lesson }) => {
    const owner = await ctx.db.query("users").withIndex("by_name", (q) => q.eq("name", lesson.owner)).unique();
    if (owner === null) throw fail("not_found", `no user '${lesson.owner}'`);
    const project = await ctx.db
      .query("projects")
      .withIndex("by_owner_default", (q) => q.eq("ownerId", owner._id).eq("isDefault", true))
      .unique();
    const projectId =
      project?._id ??
      (await ctx.db.insert("projects", { ownerId: owner._id, name: "Lessons", isDefault: true, createdAt: lesson.created_at }));
    const top = await ctx.db.query("lessons").withIndex("by_owner_seq", (q) => q.eq("ownerId", owner._id)).order("desc").first();
    const lessonId = await ctx.db.insert("lessons", {
      ownerId: owner._id,
      projectId,
      title: lesson.title,
      prompt: lesson.prompt,
      sessionId: lesson.session_id,
      quality: lesson.quality,
      createdAt: lesson.created_at,
      updatedAt: lesson.updated_at,
      updatedSeq: (top?.updatedSeq ?? 0) + 1,
    });
    for (const s of lesson.scenes) {
      const sceneId = await ctx.db.insert("scenes", {
        lessonId,
        n: s.n,
        title: s.title,
        goal: s.goal,
        narration: s.narration,
        visual: s.visual,
        pinnedVersion: s.pinned_version,
      });
      for (const x of s.versions) {
        await ctx.db.insert("sceneVersions", {
          sceneId,
          number: x.number,
          code: x.code,
          note: x.note,
          parentNumber: x.parent_number,
          status: x.status,
          clipKey: x.clip_key,
          posterKey: x.poster_key,
          durationS: x.duration_s,
          error: x.error,
          createdAt: x.created_at,
          renderedBy: x.rendered_by,
          layout: x.layout,
          narration: x.narration,
        });
      }
    }
    for (const e of lesson.exports) {
      await ctx.db.insert("exports", {
        lessonId,
        number: e.number,
        videoKey: e.video_key,
        chaptersKey: e.chapters_key,
        subtitlesKey: e.subtitles_key,
        durationS: e.duration_s,
        sceneVersions: e.scene_versions,
        createdAt: e.created_at,
      });
    }
    for (const sh of lesson.shares) {
      await ctx.db.insert("shares", {
        token: sh.token,
        lessonId,
        createdAt: sh.created_at,
        expiresAt: sh.expires_at,
        revokedAt: sh.revoked_at,
      });
    }
    return lessonId;
  },
});
