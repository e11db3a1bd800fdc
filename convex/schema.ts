// The lesson store's tables: the same records as the SQLite store (lessons/store/records.py).
// Times are milliseconds since the epoch; ids are Convex document ids.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export const versionStatus = v.union(
  v.literal("pending"),
  v.literal("rendering"),
  v.literal("ok"),
  v.literal("failed"),
);

export const renderError = v.object({
  kind: v.string(),
  message: v.string(),
  line: v.union(v.number(), v.null()),
  hint: v.union(v.string(), v.null()),
  log_tail: v.string(),
});

// A layout audit warning of a good render (LayoutItem in tools/render/layout.py).
export const layoutItem = v.object({
  kind: v.union(v.literal("off_frame"), v.literal("overlap"), v.literal("too_small")),
  message: v.string(),
  at_s: v.number(),
  line: v.union(v.number(), v.null()),
  objects: v.array(v.string()),
});

// What a version's clip says (Narration in lessons/store/records.py): the narration text, the
// voice that spoke it, how long the speech lasts, and when each sentence is heard (SpokenSpan).
export const narration = v.object({
  text: v.string(),
  voice: v.string(),
  speech_s: v.number(),
  spans: v.array(v.object({ start_s: v.number(), end_s: v.number(), text: v.string() })),
});

// One scene's place in an API job (SceneStep in lessons/store/api_records.py).
export const sceneStep = v.object({
  n: v.number(),
  title: v.string(),
  stage: v.string(),
  version: v.union(v.number(), v.null()),
  error: v.union(v.string(), v.null()),
});

export const jobKind = v.union(v.literal("lesson"), v.literal("edit"));
export const jobState = v.union(v.literal("queued"), v.literal("running"), v.literal("done"), v.literal("failed"));

export default defineSchema({
  // Accounts live here too: the product's users are Convex data. Password hashes are made
  // and checked by the app (scrypt); login sessions are kept by a hash of their id.
  users: defineTable({
    name: v.string(),
    createdAt: v.number(),
  }).index("by_name", ["name"]),
  credentials: defineTable({
    userId: v.id("users"),
    passwordHash: v.string(),
    updatedAt: v.number(),
  }).index("by_user", ["userId"]),
  loginSessions: defineTable({
    idHash: v.string(),
    userId: v.id("users"),
    createdAt: v.number(),
    expiresAt: v.number(),
  })
    .index("by_id_hash", ["idHash"])
    .index("by_user", ["userId"])
    .index("by_expiry", ["expiresAt"]),

  projects: defineTable({
    ownerId: v.id("users"),
    name: v.string(),
    isDefault: v.boolean(),
    createdAt: v.number(),
  }).index("by_owner_default", ["ownerId", "isDefault"]),
  lessons: defineTable({
    ownerId: v.id("users"),
    projectId: v.id("projects"),
    title: v.string(),
    prompt: v.string(),
    sessionId: v.string(),
    quality: v.union(v.literal("low"), v.literal("medium"), v.literal("high")),
    createdAt: v.number(),
    updatedAt: v.number(),
    // Per owner, bumped on every update: "most recently updated first" without clock ties.
    updatedSeq: v.number(),
  })
    .index("by_owner_seq", ["ownerId", "updatedSeq"])
    .index("by_owner_session_seq", ["ownerId", "sessionId", "updatedSeq"]),
  scenes: defineTable({
    lessonId: v.id("lessons"),
    n: v.number(),
    title: v.string(),
    goal: v.string(),
    narration: v.string(),
    visual: v.string(),
    pinnedVersion: v.union(v.number(), v.null()),
  }).index("by_lesson_n", ["lessonId", "n"]),
  // Immutable attempts: only status and what the render gave are ever written after insert.
  sceneVersions: defineTable({
    sceneId: v.id("scenes"),
    number: v.number(),
    code: v.string(),
    note: v.string(),
    parentNumber: v.union(v.number(), v.null()),
    status: versionStatus,
    clipKey: v.union(v.string(), v.null()),
    posterKey: v.union(v.string(), v.null()),
    durationS: v.union(v.number(), v.null()),
    error: v.union(renderError, v.null()),
    createdAt: v.number(),
    // The render worker that rendered it ("host:pid"); null for an in-process render. Optional:
    // versions stored before it was recorded have none.
    renderedBy: v.optional(v.union(v.string(), v.null())),
    // The layout audit's warnings of its good render; empty when clean. Optional: versions
    // stored before they were kept have none.
    layout: v.optional(v.array(layoutItem)),
    // What its clip says, as given when the version was made; null when made without one.
    // Optional: versions stored before it was kept have none.
    narration: v.optional(v.union(narration, v.null())),
  })
    .index("by_scene_number", ["sceneId", "number"])
    .index("by_scene_status_number", ["sceneId", "status", "number"]),
  exports: defineTable({
    lessonId: v.id("lessons"),
    number: v.number(),
    videoKey: v.string(),
    chaptersKey: v.string(),
    subtitlesKey: v.string(),
    durationS: v.number(),
    sceneVersions: v.array(v.number()),
    createdAt: v.number(),
  }).index("by_lesson_number", ["lessonId", "number"]),
  shares: defineTable({
    token: v.string(),
    lessonId: v.id("lessons"),
    createdAt: v.number(),
    expiresAt: v.union(v.number(), v.null()),
    revokedAt: v.union(v.number(), v.null()),
  })
    .index("by_token", ["token"])
    .index("by_lesson", ["lessonId"]),

  // The REST API (lessons/store/api_records.py). Key, job and attempt ids are made by the app
  // ("tk_…", "job_…"), so each is a field with an index, not the document id. A key's secret is
  // never stored (the app derives it); `secretCheck` only tells a changed master key apart.
  apiKeys: defineTable({
    keyId: v.string(),
    userId: v.id("users"),
    salt: v.string(),
    secretCheck: v.string(),
    createdAt: v.number(),
    revokedAt: v.union(v.number(), v.null()),
  })
    .index("by_key_id", ["keyId"])
    .index("by_created", ["createdAt", "keyId"])
    .index("by_user_created", ["userId", "createdAt", "keyId"]),
  // Signatures seen inside the replay window; a row past `expiresAt` may be dropped by any
  // later write.
  apiSignatures: defineTable({
    signature: v.string(),
    keyId: v.string(),
    expiresAt: v.number(),
  })
    .index("by_signature", ["signature"])
    .index("by_expiry", ["expiresAt"]),
  // `lessonId` is kept as the app gave it (the SQL stores keep no reference either).
  apiJobs: defineTable({
    jobId: v.string(),
    userId: v.id("users"),
    keyId: v.string(),
    kind: jobKind,
    lessonId: v.union(v.string(), v.null()),
    scene: v.union(v.number(), v.null()),
    state: jobState,
    progress: v.array(sceneStep),
    error: v.union(v.string(), v.null()),
    webhookUrl: v.union(v.string(), v.null()),
    createdAt: v.number(),
    updatedAt: v.number(),
  }).index("by_job_id", ["jobId"]),
  webhookAttempts: defineTable({
    attemptId: v.string(),
    jobId: v.string(),
    url: v.string(),
    attempt: v.number(),
    status: v.union(v.number(), v.null()), // the receiver's HTTP status; null when none came
    error: v.union(v.string(), v.null()),
    at: v.number(),
    durationMs: v.number(),
  })
    .index("by_at", ["at", "attempt"])
    .index("by_job_at", ["jobId", "at", "attempt"]),
});
