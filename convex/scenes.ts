// Scenes and their immutable versions. Version numbers are allocated inside the mutation that
// inserts them: Convex mutations are serializable transactions, so two writers of one scene
// always get distinct numbers.
import { v } from "convex/values";
import { Doc } from "./_generated/dataModel";
import { fail, serverMutation, serverQuery } from "./lib/guard";
import { currentVersion, latestVersion, okVersion, ownedLesson, ownedScene, ownedVersion } from "./lib/owned";
import { sceneRecord, versionRecord } from "./lib/records";
import { layoutItem, narration as narrationData, renderError, versionStatus } from "./schema";

type Status = Doc<"sceneVersions">["status"];

const NEXT: Record<Status, Status[]> = {
  pending: ["rendering", "ok", "failed"],
  rendering: ["ok", "failed", "pending"], // pending: a restart re-queues it
  ok: [],
  failed: [],
};

const sceneArgs = { userId: v.string(), lessonId: v.string(), n: v.number() };
const clipFiles = v.object({
  clip_key: v.string(),
  poster_key: v.union(v.string(), v.null()),
  duration_s: v.union(v.number(), v.null()),
});

export const list = serverQuery({
  args: { userId: v.string(), lessonId: v.string() },
  handler: async (ctx, { userId, lessonId }) => {
    const lesson = await ownedLesson(ctx, userId, lessonId);
    const found = await ctx.db.query("scenes").withIndex("by_lesson_n", (q) => q.eq("lessonId", lesson._id)).collect();
    return found.map(sceneRecord);
  },
});

export const get = serverQuery({
  args: sceneArgs,
  handler: async (ctx, { userId, lessonId, n }) => sceneRecord(await ownedScene(ctx, userId, lessonId, n)),
});

/** A new pending version numbered one past the scene's highest; its parent is what is live. */
export const addVersion = serverMutation({
  args: { ...sceneArgs, code: v.string(), note: v.string(), narration: v.optional(v.union(narrationData, v.null())) },
  handler: async (ctx, { userId, lessonId, n, code, note, narration }) => {
    const scene = await ownedScene(ctx, userId, lessonId, n);
    const parent = await currentVersion(ctx, scene);
    const top = await latestVersion(ctx, scene._id);
    const id = await ctx.db.insert("sceneVersions", {
      sceneId: scene._id,
      number: (top?.number ?? 0) + 1,
      code,
      note,
      parentNumber: parent?.number ?? null,
      status: "pending",
      clipKey: null,
      posterKey: null,
      durationS: null,
      error: null,
      createdAt: Date.now(),
      renderedBy: null,
      layout: [],
      narration: narration ?? null,
    });
    return versionRecord((await ctx.db.get(id))!);
  },
});

/** Move a version along pending → rendering → ok | failed, recording what it gave. */
export const setStatus = serverMutation({
  args: {
    userId: v.string(),
    versionId: v.string(),
    status: versionStatus,
    clip: v.union(clipFiles, v.null()),
    error: v.union(renderError, v.null()),
    renderedBy: v.optional(v.union(v.string(), v.null())),
    layout: v.optional(v.array(layoutItem)),
  },
  handler: async (ctx, { userId, versionId, status, clip, error, renderedBy, layout }) => {
    if (status === "ok" && clip === null) {
      throw fail("invalid_transition", "a version can become ok only with its clip");
    }
    const version = await ownedVersion(ctx, userId, versionId);
    if (!NEXT[version.status].includes(status)) {
      throw fail("invalid_transition", `version '${versionId}' cannot go from ${version.status} to ${status}`);
    }
    await ctx.db.patch(version._id, {
      status,
      clipKey: clip?.clip_key ?? null,
      posterKey: clip?.poster_key ?? null,
      durationS: clip?.duration_s ?? null,
      error,
      renderedBy: renderedBy ?? null,
      layout: layout ?? [],
    });
    if (status === "ok") {
      // A newer good render supersedes a revert; a failed one never changes what is live.
      const scene = (await ctx.db.get(version.sceneId))!;
      if (scene.pinnedVersion !== null && scene.pinnedVersion < version.number) {
        await ctx.db.patch(scene._id, { pinnedVersion: null });
      }
    }
    return versionRecord((await ctx.db.get(version._id))!);
  },
});

export const versions = serverQuery({
  args: sceneArgs,
  handler: async (ctx, { userId, lessonId, n }) => {
    const scene = await ownedScene(ctx, userId, lessonId, n);
    const found = await ctx.db
      .query("sceneVersions")
      .withIndex("by_scene_number", (q) => q.eq("sceneId", scene._id))
      .collect();
    return found.map(versionRecord);
  },
});

export const current = serverQuery({
  args: sceneArgs,
  handler: async (ctx, { userId, lessonId, n }) => {
    const found = await currentVersion(ctx, await ownedScene(ctx, userId, lessonId, n));
    return found === null ? null : versionRecord(found);
  },
});

export const latest = serverQuery({
  args: sceneArgs,
  handler: async (ctx, { userId, lessonId, n }) => {
    const found = await latestVersion(ctx, (await ownedScene(ctx, userId, lessonId, n))._id);
    return found === null ? null : versionRecord(found);
  },
});

/** Every scene in order with its current and latest versions: a lesson view in one call. */
export const states = serverQuery({
  args: { userId: v.string(), lessonId: v.string() },
  handler: async (ctx, { userId, lessonId }) => {
    const lesson = await ownedLesson(ctx, userId, lessonId);
    const found = await ctx.db.query("scenes").withIndex("by_lesson_n", (q) => q.eq("lessonId", lesson._id)).collect();
    return Promise.all(
      found.map(async (scene) => {
        const current = await currentVersion(ctx, scene);
        const latest = await latestVersion(ctx, scene._id);
        return {
          scene: sceneRecord(scene),
          current: current === null ? null : versionRecord(current),
          latest: latest === null ? null : versionRecord(latest),
        };
      }),
    );
  },
});

/** Make an ok version live (a revert); null unpins. */
export const pin = serverMutation({
  args: { ...sceneArgs, number: v.union(v.number(), v.null()) },
  handler: async (ctx, { userId, lessonId, n, number }) => {
    const scene = await ownedScene(ctx, userId, lessonId, n);
    if (number !== null && (await okVersion(ctx, scene._id, number)) === null) {
      throw fail("not_found", `scene ${n} of lesson '${lessonId}' has no ok version ${number}`);
    }
    await ctx.db.patch(scene._id, { pinnedVersion: number });
    return sceneRecord((await ctx.db.get(scene._id))!);
  },
});

/** Each scene whose newest version a crash left pending or rendering, in scene order. */
export const stale = serverQuery({
  args: { userId: v.string(), lessonId: v.string() },
  handler: async (ctx, { userId, lessonId }) => {
    const lesson = await ownedLesson(ctx, userId, lessonId);
    const scenes = await ctx.db.query("scenes").withIndex("by_lesson_n", (q) => q.eq("lessonId", lesson._id)).collect();
    const found = [];
    for (const scene of scenes) {
      const top = await latestVersion(ctx, scene._id);
      if (top !== null && (top.status === "pending" || top.status === "rendering")) {
        found.push({ n: scene.n, version: versionRecord(top) });
      }
    }
    return found;
  },
});
