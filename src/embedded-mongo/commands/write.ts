import { type Document, serialize } from "bson";
import { projectDocuments } from "../aggregation/pipeline.js";
import { assertInsertable, assertUpdatable } from "../bson/codec.js";
import { asCommandError, MongoCommandError } from "../errors.js";
import { findDocuments, matchingDocuments } from "../query.js";
import { applyUpdate, isReplacement, type UpdateOptions, upsertDocument, validateUpdate } from "../update/apply.js";
import { isPlainObject, withIdFirst } from "../values.js";
import {
  type CommandContext,
  type CommandHandler,
  collectionName,
  documentArray,
  evaluateVariables,
  optionalDocument,
  queryOptionsOf,
} from "./context.js";

function writeErrorEntry(index: number, error: unknown): Document {
  const { code, errmsg, codeName: _codeName, ...extra } = asCommandError(error).toReplyFields();
  return { index, code, errmsg, ...extra };
}

function writeReply(fields: Document, writeErrors: Document[]): Document {
  return { ...fields, ...(writeErrors.length > 0 ? { writeErrors } : {}), ok: 1 };
}

/** _id rules mongod applies to every stored document. */
function prepareForStorage(raw: Document): Document {
  const doc = withIdFirst(raw);
  const id = doc._id;
  if (Array.isArray(id)) throw new MongoCommandError("InvalidIdField", "The '_id' value cannot be of type array");
  if (id instanceof RegExp) throw new MongoCommandError("InvalidIdField", "The '_id' value cannot be of type regex");
  if (isPlainObject(id)) {
    const dollar = Object.keys(id).find((key) => key.startsWith("$"));
    if (dollar) {
      throw new MongoCommandError(
        "DollarPrefixedFieldName",
        `_id fields may not contain '$'-prefixed fields: ${dollar} is not valid for storage.`,
      );
    }
  }
  return doc;
}

function insert(context: CommandContext): Document {
  const { command, server } = context;
  const docs = documentArray(command, "documents");
  const ordered = command.ordered !== false;
  const coll = server.engine.collectionForWrite(context.db, collectionName(context));
  let n = 0;
  const writeErrors: Document[] = [];
  for (const [index, raw] of docs.entries()) {
    try {
      const doc = prepareForStorage(raw);
      assertInsertable(doc);
      server.engine.insertDocument(coll, doc, command.bypassDocumentValidation === true);
      n++;
    } catch (error) {
      writeErrors.push(writeErrorEntry(index, error));
      if (ordered) break;
    }
  }
  return writeReply({ n }, writeErrors);
}

function changed(previous: Document, next: Document): boolean {
  return !Buffer.from(serialize(previous)).equals(serialize(next));
}

function updateOptionsOf(statement: Document, filter: Document, command: Document): UpdateOptions {
  const base = queryOptionsOf(statement);
  const given = optionalDocument(command, "let") ?? optionalDocument(statement, "c");
  const variables = given ? evaluateVariables(given) : undefined;
  const arrayFilters = statement.arrayFilters;
  return {
    ...base,
    ...(variables ? { variables } : {}),
    ...(Array.isArray(arrayFilters) ? { arrayFilters } : {}),
    filter,
  };
}

function update(context: CommandContext): Document {
  const { command, server } = context;
  const name = collectionName(context);
  const statements = documentArray(command, "updates");
  const ordered = command.ordered !== false;
  const bypass = command.bypassDocumentValidation === true;
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors: Document[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      const filter = optionalDocument(statement, "q") ?? {};
      const spec = validateUpdate(statement.u);
      const options = updateOptionsOf(statement, filter, command);
      if (statement.multi === true && isReplacement(spec)) {
        throw new MongoCommandError("FailedToParse", "multi update is not supported for replacement-style update");
      }
      const existing = server.engine.existingCollectionForWrite(context.db, name);
      if (existing && statement.hint !== undefined) findDocuments(existing, {}, { hint: statement.hint, limit: 1 });
      const targets = !existing
        ? []
        : statement.multi === true
          ? matchingDocuments(existing, filter, options)
          : matchingDocuments(existing, filter, options).slice(0, 1);
      for (const doc of targets) {
        const next = applyUpdate(doc, spec, options);
        assertUpdatable(next);
        n++;
        if (existing && changed(doc, next)) {
          server.engine.replaceDocument(existing, doc, prepareForStorage(next), bypass);
          nModified++;
        }
      }
      if (targets.length === 0 && statement.upsert === true) {
        const doc = prepareForStorage(upsertDocument(spec, options));
        assertUpdatable(doc);
        server.engine.insertDocument(server.engine.collectionForWrite(context.db, name), doc, bypass);
        upserted.push({ index, _id: doc._id });
        n++;
      }
    } catch (error) {
      writeErrors.push(writeErrorEntry(index, error));
      if (ordered) break;
    }
  }
  return writeReply({ n, nModified, ...(upserted.length > 0 ? { upserted } : {}) }, writeErrors);
}

function deleteCommand(context: CommandContext): Document {
  const { command, server } = context;
  const statements = documentArray(command, "deletes");
  const ordered = command.ordered !== false;
  const coll = server.engine.existingCollectionForWrite(context.db, collectionName(context));
  let n = 0;
  const writeErrors: Document[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      const limit = Number(statement.limit ?? 0);
      if (limit !== 0 && limit !== 1)
        throw new MongoCommandError("FailedToParse", "The limit field in delete objects must be 0 or 1");
      if (!coll) continue;
      if (statement.hint !== undefined) findDocuments(coll, {}, { hint: statement.hint, limit: 1 });
      const filter = optionalDocument(statement, "q") ?? {};
      const matches = matchingDocuments(coll, filter, { ...queryOptionsOf(command), ...queryOptionsOf(statement) });
      for (const doc of limit === 1 ? matches.slice(0, 1) : matches) {
        server.engine.deleteDocument(coll, doc);
        n++;
      }
    } catch (error) {
      writeErrors.push(writeErrorEntry(index, error));
      if (ordered) break;
    }
  }
  return writeReply({ n }, writeErrors);
}

function projectOne(doc: Document | null, fields: Document | undefined): Document | null {
  if (!doc || !fields || Object.keys(fields).length === 0) return doc;
  return projectDocuments([doc], fields)[0] ?? null;
}

function findAndModify(context: CommandContext): Document {
  const { command, server } = context;
  const name = collectionName(context);
  const filter = optionalDocument(command, "query") ?? {};
  const sort = optionalDocument(command, "sort");
  const fields = optionalDocument(command, "fields");
  const remove = command.remove === true;
  const returnNew = command.new === true;
  const bypass = command.bypassDocumentValidation === true;
  if (remove && command.update !== undefined) {
    throw new MongoCommandError("FailedToParse", "Cannot specify both an update and remove=true");
  }
  if (!remove && command.update === undefined) {
    throw new MongoCommandError("FailedToParse", "Either an update or remove=true must be specified");
  }
  if (remove && command.upsert === true)
    throw new MongoCommandError("FailedToParse", "Cannot specify both upsert=true and remove=true");
  const spec = remove ? undefined : validateUpdate(command.update);
  const options = updateOptionsOf(command, filter, command);
  const coll = server.engine.existingCollectionForWrite(context.db, name);
  const target = coll
    ? findDocuments(coll, filter, { ...options, ...(sort ? { sort } : {}), limit: 1, hint: command.hint })[0]
    : undefined;

  if (remove || !spec) {
    if (coll && target) server.engine.deleteDocument(coll, target);
    return { lastErrorObject: { n: target ? 1 : 0 }, value: projectOne(target ?? null, fields), ok: 1 };
  }
  if (coll && target) {
    const next = prepareForStorage(applyUpdate(target, spec, options));
    assertUpdatable(next);
    if (changed(target, next)) server.engine.replaceDocument(coll, target, next, bypass);
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: projectOne(returnNew ? next : target, fields),
      ok: 1,
    };
  }
  if (command.upsert === true) {
    const doc = prepareForStorage(upsertDocument(spec, options));
    assertUpdatable(doc);
    server.engine.insertDocument(server.engine.collectionForWrite(context.db, name), doc, bypass);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: projectOne(returnNew ? doc : null, fields),
      ok: 1,
    };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
}

function outputNamespace(context: CommandContext, target: unknown): { db: string; coll: string } {
  if (typeof target === "string") return { db: context.db, coll: target };
  if (isPlainObject(target) && typeof target.coll === "string") {
    return { db: typeof target.db === "string" ? target.db : context.db, coll: target.coll };
  }
  throw new MongoCommandError("FailedToParse", "the output collection must be a name or {db, coll}");
}

/** Carries out a final `$out` or `$merge` stage with the pipeline's results. */
export function writeAggregationOutput(context: CommandContext, stage: Document, results: Document[]): void {
  const { engine } = context.server;
  if ("$out" in stage) {
    const { db, coll: name } = outputNamespace(context, stage.$out);
    const target = engine.collectionForWrite(db, name);
    for (const doc of [...target.docs.values()]) engine.deleteDocument(target, doc);
    for (const doc of results) {
      const stored = prepareForStorage(doc);
      assertInsertable(stored);
      engine.insertDocument(target, stored, true);
    }
    return;
  }
  const spec = stage.$merge;
  const merge = isPlainObject(spec) ? spec : { into: spec };
  const { db, coll: name } = outputNamespace(context, merge.into);
  const target = engine.collectionForWrite(db, name);
  const on = merge.on === undefined ? ["_id"] : Array.isArray(merge.on) ? merge.on.map(String) : [String(merge.on)];
  const whenMatched = merge.whenMatched ?? "merge";
  const whenNotMatched = merge.whenNotMatched ?? "insert";
  for (const doc of results) {
    const filter = Object.fromEntries(on.map((field) => [field, doc[field] ?? null]));
    const existing = matchingDocuments(target, filter)[0];
    if (!existing) {
      if (whenNotMatched === "insert") {
        const stored = prepareForStorage(doc);
        assertInsertable(stored);
        engine.insertDocument(target, stored, true);
      } else if (whenNotMatched === "fail") {
        throw new MongoCommandError("BadValue", "$merge could not find a matching document in the target collection");
      }
      continue;
    }
    if (whenMatched === "keepExisting") continue;
    if (whenMatched === "fail")
      throw new MongoCommandError("DuplicateKey", "$merge found an existing document with the same key");
    const next = Array.isArray(whenMatched)
      ? applyUpdate(existing, whenMatched, {
          filter,
          variables: { ...(isPlainObject(merge.let) ? merge.let : {}), new: doc },
        })
      : whenMatched === "replace"
        ? { ...doc, _id: existing._id }
        : { ...existing, ...doc, _id: existing._id };
    const merged = withIdFirst(next);
    assertUpdatable(merged);
    engine.replaceDocument(target, existing, merged, true);
  }
}

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: deleteCommand,
  findAndModify,
  findandmodify: findAndModify,
};
