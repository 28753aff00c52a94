import { compile } from "json-schema-to-typescript";
import { type AnyRoute, isRawResponse, routeName } from "../src/http/contract.js";
import { schemaFiles } from "../src/http/named.js";
import { openApiDocument } from "../src/http/openapi.js";

/**
 * What the routes' declared contracts generate besides the OpenAPI document: the reference in
 * docs/api.md and the clients' typings (miniprogram/typings/api.d.ts). `npm run -s docs:api`
 * writes both; test/contracts.test.ts fails when either is not current.
 */
export const REFERENCE_FILE = "docs/api.md";
export const CLIENT_TYPES_FILE = "miniprogram/typings/api.d.ts";

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  format?: string;
  additionalProperties?: unknown;
};

const componentName = (ref: string) => ref.replace("#/components/schemas/", "");

/** A JSON Schema as a short type, as the reference shows it. */
function typeOf(schema: JsonSchema | undefined): string {
  if (!schema) return "any";
  if (schema.$ref) return `[${componentName(schema.$ref)}](#${componentName(schema.$ref).toLowerCase()})`;
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(" \\| ");
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeOf).join(" \\| ");
  if (Array.isArray(schema.type)) return schema.type.join(" \\| ");
  if (schema.type === "array") return `${typeOf(schema.items)}[]`;
  if (schema.type === "object" && schema.properties) return "object";
  if (schema.type === "string" && schema.format === "date-time") return "string (time)";
  return schema.type ?? "any";
}

/** The fields of an object schema as table rows, nested objects flattened with dotted names. */
function fieldRows(schema: JsonSchema | undefined, prefix = ""): string[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).flatMap(([name, field]) => {
    const path = `${prefix}${name}`;
    const row = `| \`${path}\` | ${typeOf(field)} | ${required.has(name) ? "yes" : "no"} | ${(field.description ?? "").replace(/\|/g, "\\|")} |`;
    const inner = field.type === "object" ? field : field.type === "array" ? field.items : undefined;
    return [row, ...(inner && !inner.$ref ? fieldRows(inner, field.type === "array" ? `${path}[].` : `${path}.`) : [])];
  });
}

function fieldTable(schema: JsonSchema | undefined): string {
  const rows = fieldRows(schema);
  if (rows.length === 0) return typeOf(schema);
  return ["| field | type | required | meaning |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** docs/api.md: every route, grouped by the folder that owns it, then every named response schema. */
export function renderReference(routes: AnyRoute[]): string {
  const document = openApiDocument(routes);
  const components = document.components.schemas as Record<string, JsonSchema>;
  const operations = new Map<string, Record<string, unknown>>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) operations.set(`${method} ${path}`, operation as never);
  }
  const tags = [...new Set(routes.map((route) => route.tag))];
  const lines = [
    "# API reference",
    "",
    "Generated from the routes' declared contracts by `npm run -s docs:api`; do not edit (the test suite checks it",
    "is current). The same declarations give `GET /api/openapi.json` (OpenAPI 3.1) and the clients' typings",
    `(\`${CLIENT_TYPES_FILE}\`). Each route is declared in \`src/<section>/<section>.routes.ts\`; each named response`,
    "schema below says which file defines it.",
    "",
    "Sign in with `POST /api/auth/wechat` (residents) or `POST /api/auth/login` (officials) and send the token as",
    "`Authorization: Bearer <token>`. Every error answers",
    '`{"error": {"code", "message" (English), "userMessage" (Chinese, for people), "details"}}`; a refused input',
    "answers 400 with `details: [{path, message}]` naming each field.",
    "",
  ];
  for (const tag of tags) {
    lines.push(`## Routes: ${tag}`, "", `Declared in \`src/${tag}/\`.`, "");
    for (const route of routes.filter((r) => r.tag === tag)) {
      const path = route.path.replace(/:(\w+)/g, "{$1}");
      const operation = operations.get(`${route.method} ${path}`) as {
        parameters?: { name: string; in: string; required: boolean; schema: JsonSchema }[];
        requestBody?: { content: { "application/json": { schema: JsonSchema } } };
      };
      lines.push(`### \`${routeName(route)}\``, "", route.summary, "", `Who may call it: ${route.access}.`, "");
      const query = (operation.parameters ?? []).filter((p) => p.in === "query");
      if (query.length > 0) {
        lines.push(
          "Query:",
          "",
          "| parameter | type | required | meaning |",
          "| --- | --- | --- | --- |",
          ...query.map(
            (p) =>
              `| \`${p.name}\` | ${typeOf(p.schema)} | ${p.required ? "yes" : "no"} | ${p.schema.description ?? ""} |`,
          ),
          "",
        );
      }
      const body = operation.requestBody?.content["application/json"].schema;
      if (body) lines.push("Body:", "", fieldTable(body), "");
      for (const [status, specs] of Object.entries(route.responses)) {
        const answers = (Array.isArray(specs) ? specs : [specs]).map((spec) => {
          if (spec === null) return "no body";
          if (isRawResponse(spec)) return `${spec.description} (\`${spec.contentType}\`)`;
          const id = (spec.meta() as { id?: string } | undefined)?.id;
          return id ? `[${id}](#${id.toLowerCase()})` : "JSON (below)";
        });
        lines.push(`Answers ${status}: ${answers.join(", or ")}.`, "");
        for (const spec of Array.isArray(specs) ? specs : [specs]) {
          if (spec === null || isRawResponse(spec) || (spec.meta() as { id?: string } | undefined)?.id) continue;
          const schema = (
            operation as { responses: Record<string, { content: Record<string, { schema: JsonSchema }> }> }
          ).responses[status]?.content["application/json"]?.schema;
          lines.push(fieldTable(schema), "");
        }
      }
    }
  }
  lines.push("## Response schemas", "");
  for (const [name, schema] of Object.entries(components)) {
    lines.push(`### ${name}`, "");
    const file = schemaFiles.get(name);
    if (file) lines.push(`Defined in \`${file}\`.`, "");
    if (schema.description) lines.push(schema.description, "");
    lines.push(fieldTable(schema), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/**
 * miniprogram/typings/api.d.ts: one TypeScript type per named response schema, the answer of every
 * route (ApiResponses), and typed signatures of the clients' `call` (ApiCall for the mini-program,
 * WebApiCall for the web pages), so that a client reading a field its route does not send fails the
 * type check (checkJs).
 */
export async function renderClientTypes(routes: AnyRoute[]): Promise<string> {
  const document = openApiDocument(routes);
  const answers: Record<string, JsonSchema> = {};
  for (const route of routes) {
    const schema = jsonAnswer(document, route);
    if (schema) answers[routeName(route)] = schema;
  }
  const definitions = Object.fromEntries(
    Object.entries(document.components.schemas).map(([name, definition]) => [name, { ...definition, title: name }]),
  );
  const root = rewriteToDefinitions({
    title: "ApiResponses",
    type: "object",
    properties: answers,
    required: Object.keys(answers),
    additionalProperties: false,
    definitions,
  });
  const types = await compile(root as never, "ApiResponses", {
    bannerComment: [
      "/**",
      " * The service's response types, generated from the routes' declared contracts by `npm run -s docs:api`;",
      " * do not edit. The mini-program and the web pages read responses through these types (checkJs).",
      " */",
    ].join("\n"),
    unreachableDefinitions: true,
    additionalProperties: false,
    format: true,
    declareExternallyReferenced: true,
  });
  const cleaned = types.replace(
    /\/\*\*\n \* This interface was referenced by `ApiResponses`'s JSON-Schema\n \* via the `definition` "\w+".\n \*\/\n/g,
    "",
  );
  return `${cleaned}\n${callSignatures(routes, answers)}`;
}

/** The JSON a route answers on success, as JSON Schema; none for routes answering other content. */
function jsonAnswer(document: ReturnType<typeof openApiDocument>, route: AnyRoute): JsonSchema | undefined {
  const operation = (document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[
    route.path.replace(/:(\w+)/g, "{$1}")
  ]?.[route.method];
  for (const [status, response] of Object.entries(operation?.responses ?? {})) {
    if (!/^2\d\d$/.test(status)) continue;
    const schema = (response as { content?: Record<string, { schema?: JsonSchema }> }).content?.["application/json"]
      ?.schema;
    if (schema) return schema;
  }
  return undefined;
}

function rewriteToDefinitions(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll("#/components/schemas/", "#/definitions/"));
}

/**
 * One call signature per route: literal paths before those with ids in them, the more specific
 * first, so that TypeScript picks the route a path means (`/api/venues/mine` before `/api/venues/:id`).
 */
function callSignatures(routes: AnyRoute[], answers: Record<string, JsonSchema>): string {
  const specificity = (path: string) => [path.includes(":") ? 1 : 0, -path.replace(/:\w+/g, "").length] as const;
  const ordered = [...routes]
    .filter((route) => route.path.startsWith("/api/"))
    .sort((a, b) => {
      const [x, y] = [specificity(a.path), specificity(b.path)];
      return x[0] - y[0] || x[1] - y[1];
    });
  // What a path parameter becomes in a template literal type.
  const anyText = ["$", "{string}"].join("");
  const signature = (route: AnyRoute, rest: string) => {
    const template = route.path.replace(/:\w+/g, anyText);
    const path = route.path.includes(":") ? `\`${template}\`` : `"${route.path}"`;
    const query = `\`${template}?${anyText}\``;
    const answer = answers[routeName(route)] ? `ApiResponses["${routeName(route)}"]` : "unknown";
    return `  (method: "${route.method.toUpperCase()}", path: ${path} | ${query}, ${rest}): Promise<${answer}>;`;
  };
  return [
    "/** `call(method, path, data)` as the mini-program (lib/api.js) and the console (console-kit.js) make it, typed by route. */",
    "export interface ApiCall {",
    ...ordered.map((route) => signature(route, "data?: unknown")),
    "}",
    "",
    "/** The web pages' `call(method, path, {token, body})` (src/web/assets/api.js), typed by route. */",
    "export interface WebApiCall {",
    ...ordered.map((route) => signature(route, "options?: { token?: string | undefined; body?: unknown }")),
    "}",
    "",
  ].join("\n");
}
