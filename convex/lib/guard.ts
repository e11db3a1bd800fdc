// Only our server may call these functions: each public one takes the server secret, which
// must equal the deployment's TUTOR_CONVEX_SECRET (compared in constant time).
import { ConvexError, ObjectType, PropertyValidators, v } from "convex/values";
import { mutation, MutationCtx, query, QueryCtx } from "../_generated/server";

// Convex functions read their deployment's environment variables from process.env.
declare const process: { env: Record<string, string | undefined> };

export type ErrorCode = "forbidden" | "not_found" | "invalid_transition" | "conflict";

export function fail(code: ErrorCode, message: string) {
  return new ConvexError({ code, message });
}

/** Text equality whose time depends on the lengths only, never on where they first differ. */
export function sameText(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) {
    diff |= (given.charCodeAt(i) | 0) ^ expected.charCodeAt(i);
  }
  return diff === 0;
}

export function checkSecret(given: string): void {
  const expected = process.env.TUTOR_CONVEX_SECRET;
  if (!expected) {
    throw fail("forbidden", "this deployment has no TUTOR_CONVEX_SECRET: set it with `npx convex env set`");
  }
  if (!sameText(given, expected)) {
    throw fail("forbidden", "wrong server secret (TUTOR_CONVEX_SECRET differs from the deployment's)");
  }
}

const secretArg = { secret: v.string() };

/** A public query that runs only for a caller holding the server secret. */
export function serverQuery<Args extends PropertyValidators, R>(def: {
  args: Args;
  handler: (ctx: QueryCtx, args: ObjectType<Args>) => Promise<R>;
}) {
  return query({
    args: { ...def.args, ...secretArg },
    handler: async (ctx, all): Promise<R> => {
      const { secret, ...args } = all as ObjectType<Args> & { secret: string };
      checkSecret(secret);
      return def.handler(ctx, args as unknown as ObjectType<Args>);
    },
  });
}

/** A public mutation that runs only for a caller holding the server secret. */
export function serverMutation<Args extends PropertyValidators, R>(def: {
  args: Args;
  handler: (ctx: MutationCtx, args: ObjectType<Args>) => Promise<R>;
}) {
  return mutation({
    args: { ...def.args, ...secretArg },
    handler: async (ctx, all): Promise<R> => {
      const { secret, ...args } = all as ObjectType<Args> & { secret: string };
      checkSecret(secret);
      return def.handler(ctx, args as unknown as ObjectType<Args>);
    },
  });
}
