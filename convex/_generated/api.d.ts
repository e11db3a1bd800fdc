/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as apiJobs from "../apiJobs.js";
import type * as apiKeys from "../apiKeys.js";
import type * as copy from "../copy.js";
import type * as jobs from "../jobs.js";
import type * as lessons from "../lessons.js";
import type * as lib_guard from "../lib/guard.js";
import type * as lib_owned from "../lib/owned.js";
import type * as lib_records from "../lib/records.js";
import type * as lib_tutorApi from "../lib/tutorApi.js";
import type * as scenes from "../scenes.js";
import type * as shares from "../shares.js";
import type * as users from "../users.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  apiJobs: typeof apiJobs;
  apiKeys: typeof apiKeys;
  copy: typeof copy;
  jobs: typeof jobs;
  lessons: typeof lessons;
  "lib/guard": typeof lib_guard;
  "lib/owned": typeof lib_owned;
  "lib/records": typeof lib_records;
  "lib/tutorApi": typeof lib_tutorApi;
  scenes: typeof scenes;
  shares: typeof shares;
  users: typeof users;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
