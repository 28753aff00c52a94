import Router from "@koa/router";
import type { Context } from "koa";
import { z } from "zod";
import { UnsupportedMediaTypeError, ValidationError } from "../errors.js";
import type { FieldLabels } from "./field-labels.js";
import { problemsOf } from "./zod-problems.js";

/**
 * A route's contract, declared in one place: what it accepts (path parameters, query, body), who
 * may call it, and what it answers. One `validate` step applies the request schemas; outside
 * production every answer is checked against the declared response, so a route cannot send a field
 * its clients were not told about (or leave out one they read). The OpenAPI document, docs/api.md
 * and the clients' types are generated from the same declarations.
 */
export type Method = "get" | "post" | "put" | "patch" | "delete";

/** A non-JSON answer (a PNG, a page, a CSV file, an event stream), described by its content type. */
export interface RawResponse {
  contentType: string;
  description: string;
}

/** What a route answers with a status: JSON matching a schema, another content type, or no body (204). */
export type ResponseSpec = z.ZodType | RawResponse | null;

/** Some statuses answer in more than one form (JSON, or a CSV download of the same figures). */
export type ResponseSpecs = ResponseSpec | ResponseSpec[];

export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  A = unknown,
> {
  method: Method;
  path: string;
  /** The domain it belongs to (the folder under src/ that owns it), for the reference's sections. */
  tag: string;
  summary: string;
  /** Who may call it, in words; `authorize` is what enforces it. */
  access: string;
  /**
   * The policy: decides who may call before any input is judged (so that others learn nothing from
   * how their input would have been judged), and returns what the handler needs of that decision.
   */
  authorize?: (ctx: Context) => A | Promise<A>;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * Chinese labels for fields this route uses in a sense of its own (a venue's `name`), over the
   * shared ones in field-labels.ts; refusals name fields with them.
   */
  fieldLabels?: FieldLabels;
  responses: Record<number, ResponseSpecs>;
  handle: (
    ctx: Context,
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
    authorized: A,
  ) => unknown | Promise<unknown>;
}

/** Declares a route; an identity function that lets TypeScript infer the handler's input types. */
export function defineRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  A = undefined,
>(contract: RouteContract<P, Q, B, A>): RouteContract<P, Q, B, A> {
  return contract;
}

// Contracts are stored together whatever their own input and policy types are.
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of routes.
export type AnyRoute = RouteContract<any, any, any, any>;

export function isRawResponse(spec: ResponseSpec): spec is RawResponse {
  return spec !== null && typeof spec === "object" && "contentType" in spec && !(spec instanceof z.ZodType);
}

/** A route answered with something its contract does not declare: a bug in the route, never the caller's. */
export class ResponseContractError extends Error {
  constructor(route: string, status: number, problem: string) {
    super(`${route} answered ${status} outside its contract: ${problem}`);
  }
}

/** Counts of answers checked against their contract, per route (`GET /api/me`), for the coverage check. */
export const checkedResponses = new Map<string, number>();

export function routeName(route: Pick<AnyRoute, "method" | "path">): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}

/**
 * The router for a list of routes: each runs its policy, then the request schemas, then its
 * handler, then (with `checkResponses`) the check of what it answered.
 */
export function routerOf(routes: AnyRoute[], options: { checkResponses: boolean }): Router {
  const router = new Router();
  for (const route of routes) {
    router[route.method](route.path, async (ctx) => {
      const authorized = route.authorize ? await route.authorize(ctx) : undefined;
      // A body in another format (a form, text, XML) is not read as an empty one: 415, not "field missing".
      if (route.body && ctx.is("json", "+json") === false) throw new UnsupportedMediaTypeError();
      const input = {
        params: route.params ? parse(route.params, ctx.params, route.fieldLabels) : undefined,
        query: route.query ? parse(route.query, ctx.query, route.fieldLabels) : undefined,
        body: route.body ? parse(route.body, ctx.request.body, route.fieldLabels) : undefined,
      };
      await route.handle(ctx, input, authorized);
      if (options.checkResponses) checkResponse(route, ctx);
    });
  }
  return router;
}

/** Parses input with its schema; what it refuses becomes a 400 naming each field, in Chinese too. */
function parse<T extends z.ZodType>(schema: T, value: unknown, labels: FieldLabels | undefined): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationError(problemsOf(parsed.error.issues), undefined, labels);
}

function checkResponse(route: AnyRoute, ctx: Context): void {
  const name = routeName(route);
  const declared = route.responses[ctx.status];
  if (declared === undefined) throw new ResponseContractError(name, ctx.status, "the status is not declared");
  const specs = Array.isArray(declared) ? declared : [declared];
  const problems = specs.map((spec) => problemWith(spec, ctx));
  if (!problems.includes(null)) throw new ResponseContractError(name, ctx.status, problems.join(" | "));
  checkedResponses.set(name, (checkedResponses.get(name) ?? 0) + 1);
}

/** What is wrong with the answer as `spec` describes it; null when it matches. */
function problemWith(spec: ResponseSpec, ctx: Context): string | null {
  if (spec === null) return ctx.body === undefined || ctx.body === null ? null : "a body where none is declared";
  if (isRawResponse(spec)) {
    return ctx.response.type && spec.contentType.startsWith(ctx.response.type)
      ? null
      : `content type ${ctx.response.type}, declared ${spec.contentType}`;
  }
  if (typeof ctx.response.type === "string" && ctx.response.type !== "application/json") {
    return `content type ${ctx.response.type}, declared JSON`;
  }
  const checked = spec.safeParse(ctx.body);
  return checked.success
    ? null
    : checked.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ");
}
