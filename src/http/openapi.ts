import { z } from "zod";
import { SERVICE_VERSION } from "../version.js";
import { type AnyRoute, defineRoute, isRawResponse, type ResponseSpec, routeName } from "./contract.js";
import { errorBodySchema } from "./schemas.js";

type JsonSchema = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document of the service, generated from the routes' declared contracts (zod 4's
 * JSON Schema output): nothing about a route is written twice.
 */
export function openApiDocument(routes: AnyRoute[]) {
  const components: Record<string, JsonSchema> = {};
  const schemaOf = (schema: z.ZodType, io: "input" | "output") => jsonSchema(schema, io, components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    const pathNames = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
    const paramSchemas = route.params ? propertiesOf(schemaOf(route.params, "input")) : {};
    const query = route.query ? schemaOf(route.query, "input") : undefined;
    const parameters = [
      ...pathNames.map((name) => ({
        name,
        in: "path",
        required: true,
        schema: paramSchemas[name] ?? { type: "string" },
      })),
      ...Object.entries(propertiesOf(query)).map(([name, schema]) => ({
        name,
        in: "query",
        required: ((query?.required as string[] | undefined) ?? []).includes(name),
        schema,
      })),
    ];
    const open = route.access === "anyone" || route.access.startsWith("anyone ");
    const operations = paths[path] ?? {};
    paths[path] = operations;
    operations[route.method] = {
      operationId: routeName(route),
      tags: [route.tag],
      summary: route.summary,
      description: `Who may call it: ${route.access}.`,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: { required: true, content: { "application/json": { schema: schemaOf(route.body, "input") } } },
          }
        : {}),
      responses: {
        ...Object.fromEntries(
          Object.entries(route.responses).map(([status, specs]) => [
            status,
            responseObject(Array.isArray(specs) ? specs : [specs], (schema) => schemaOf(schema, "output")),
          ]),
        ),
        default: {
          description: "An error: its code, an English message, and a Chinese one for people",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
      ...(open ? {} : { security: [{ bearer: [] }] }),
    };
  }
  schemaOf(errorBodySchema, "output");
  return {
    openapi: "3.1.0",
    info: {
      title: "venue-code (场所码)",
      version: SERVICE_VERSION,
      description:
        "Venue check-in, pass status, companions, exposure alerts and statistics. Errors answer {error: {code, message, userMessage, details}}.",
    },
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  };
}

function responseObject(specs: ResponseSpec[], schemaOf: (schema: z.ZodType) => JsonSchema) {
  const content: Record<string, unknown> = {};
  const descriptions: string[] = [];
  for (const spec of specs) {
    if (spec === null) descriptions.push("No body");
    else if (isRawResponse(spec)) {
      content[spec.contentType] = {};
      descriptions.push(spec.description);
    } else {
      content["application/json"] = { schema: schemaOf(spec) };
      descriptions.push("JSON");
    }
  }
  return { description: descriptions.join(", or "), ...(Object.keys(content).length > 0 ? { content } : {}) };
}

/**
 * A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses). Named schemas (see named.ts) go to
 * the document's components and are referred to from where they are used.
 */
function jsonSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const {
    $schema: _dialect,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as JsonSchema;
  for (const [name, definition] of Object.entries(($defs as Record<string, JsonSchema> | undefined) ?? {})) {
    components[name] = rewriteRefs(definition) as JsonSchema;
  }
  const id = (rest as { id?: string }).id;
  if (id) {
    // The schema is named itself: it is a component, referred to.
    const { id: _id, ...definition } = rest;
    components[id] = rewriteRefs(definition) as JsonSchema;
    return { $ref: `#/components/schemas/${id}` };
  }
  return rewriteRefs(rest) as JsonSchema;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === "$ref" && typeof inner === "string"
          ? inner.replace("#/$defs/", "#/components/schemas/")
          : rewriteRefs(inner),
      ]),
    );
  }
  return value;
}

function propertiesOf(schema: JsonSchema | undefined): Record<string, JsonSchema> {
  return ((schema?.properties as Record<string, JsonSchema> | undefined) ?? {}) as Record<string, JsonSchema>;
}

/** GET /api/openapi.json — the OpenAPI 3.1 document of every route. */
export function openApiRoute(routes: AnyRoute[]) {
  let document: ReturnType<typeof openApiDocument> | undefined;
  return defineRoute({
    method: "get",
    path: "/api/openapi.json",
    tag: "http",
    summary: "This reference as an OpenAPI 3.1 document, generated from the routes' declared contracts",
    access: "anyone",
    responses: { 200: { contentType: "application/json", description: "an OpenAPI 3.1 document" } },
    handle(ctx) {
      document ??= openApiDocument(routes);
      ctx.set("Cache-Control", "public, max-age=300");
      ctx.type = "application/json";
      ctx.body = document;
    },
  });
}
