import { type Document, Long, type Timestamp } from "bson";
import { type Collator, compareValues, valuesEqual } from "../bson/compare.js";
import { arithmetic, numericKind, toDouble } from "../bson/numbers.js";
import { bsonType, isNumeric } from "../bson/types.js";
import { MongoCommandError } from "../errors.js";
import { compileFilter } from "../filter/match.js";
import { sortDocuments } from "../filter/sort.js";
import { cloneDocument, isPlainObject } from "../values.js";

/**
 * MongoDB's update operators, applied to a private copy of a document. Each refuses what mongod
 * refuses, with its code: a path through a scalar (28), arithmetic on a non-number (14), $push
 * onto a non-array (2), and so on; nothing is ever acknowledged without being applied.
 */
export interface UpdateContext {
  /** The original document's _id, for error messages. */
  id: unknown;
  collator?: Collator;
  /** Where `$` points in each array path the filter matched. */
  positional: (arrayPath: string, array: unknown[]) => number;
  arrayFilter: (identifier: string, element: unknown) => boolean;
  now: Date;
  timestamp: () => Timestamp;
}

/** A place a value lives or would live: `container[key]`. */
interface Slot {
  container: Document | unknown[];
  key: string | number;
  path: string;
}

const show = (value: unknown) => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

function pathNotViable(part: string, container: unknown): MongoCommandError {
  return new MongoCommandError("PathNotViable", `Cannot create field '${part}' in element {${show(container)}}`);
}

/**
 * The slots a path names in `doc`. With `create`, missing documents along the way are made and
 * an array is padded with nulls up to a numeric index; without it (for $unset, $pop, $pull ...),
 * a path that leads nowhere names no slot.
 */
export function resolveSlots(doc: Document, path: string, context: UpdateContext, create: boolean): Slot[] {
  const parts = path.split(".");
  if (parts.some((part) => part === "")) {
    throw new MongoCommandError("EmptyFieldName", `The update path '${path}' contains an empty field name`);
  }
  let slots: { value: unknown; prefix: string }[] = [{ value: doc, prefix: "" }];
  const result: Slot[] = [];
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const next: { value: unknown; prefix: string }[] = [];
    for (const { value: container, prefix } of slots) {
      const here = prefix ? `${prefix}.${part}` : part;
      if (Array.isArray(container)) {
        let indexes: number[];
        if (part === "$") indexes = [context.positional(prefix, container)];
        else if (part === "$[]") indexes = container.map((_, k) => k);
        else if (/^\$\[[a-zA-Z][a-zA-Z0-9]*\]$/.test(part)) {
          const identifier = part.slice(2, -1);
          indexes = container.flatMap((element, k) => (context.arrayFilter(identifier, element) ? [k] : []));
        } else if (/^\d+$/.test(part)) indexes = [Number(part)];
        else {
          if (create) throw pathNotViable(part, container);
          continue;
        }
        for (const index of indexes) {
          if (last) {
            result.push({ container, key: index, path: here });
            continue;
          }
          if (container[index] === undefined || container[index] === null) {
            if (!create) continue;
            while (container.length < index) container.push(null);
            container[index] = {};
          }
          next.push({ value: container[index], prefix: here });
        }
        continue;
      }
      if (part.startsWith("$")) {
        throw new MongoCommandError(
          "BadValue",
          `The positional operator did not find the match needed from the query.`,
        );
      }
      if (!isPlainObject(container)) {
        if (create) throw pathNotViable(part, container);
        continue;
      }
      if (last) {
        result.push({ container, key: part, path: here });
        continue;
      }
      let child = container[part];
      if (child === undefined || child === null) {
        if (!create) continue;
        if (child === null) throw pathNotViable(parts[i + 1] as string, { [part]: null });
        child = {};
        container[part] = child;
      }
      next.push({ value: child, prefix: here });
    }
    slots = next;
  });
  return result;
}

function read(slot: Slot): unknown {
  return (slot.container as Record<string | number, unknown>)[slot.key];
}

function write(slot: Slot, value: unknown): void {
  if (Array.isArray(slot.container)) {
    const index = slot.key as number;
    while (slot.container.length < index) slot.container.push(null);
    slot.container[index] = value;
  } else slot.container[slot.key as string] = value;
}

function remove(slot: Slot): void {
  // An array element is set to null, keeping the positions of the others.
  if (Array.isArray(slot.container)) {
    if ((slot.key as number) < slot.container.length) slot.container[slot.key as number] = null;
  } else delete slot.container[slot.key as string];
}

type FieldOperator = (doc: Document, path: string, operand: unknown, context: UpdateContext) => void;

const $set: FieldOperator = (doc, path, operand, context) => {
  for (const slot of resolveSlots(doc, path, context, true)) write(slot, cloneDocument(operand));
};

const $unset: FieldOperator = (doc, path, _operand, context) => {
  for (const slot of resolveSlots(doc, path, context, false)) remove(slot);
};

function arithmeticOperator(name: "$inc" | "$mul", operation: "add" | "multiply"): FieldOperator {
  return (doc, path, operand, context) => {
    if (!isNumeric(operand)) {
      throw new MongoCommandError(
        "TypeMismatch",
        `Cannot ${name === "$inc" ? "increment" : "multiply"} with non-numeric argument: {${path}: ${show(operand)}}`,
      );
    }
    for (const slot of resolveSlots(doc, path, context, true)) {
      const current = read(slot);
      if (current === undefined) {
        write(slot, name === "$inc" ? operand : arithmetic("multiply", zeroLike(operand), operand));
        continue;
      }
      if (!isNumeric(current)) {
        throw new MongoCommandError(
          "TypeMismatch",
          `Cannot apply ${name} to a value of non-numeric type. {_id: ${show(context.id)}} has the field '${String(slot.key)}' of non-numeric type ${bsonType(current)}`,
        );
      }
      const result = arithmetic(operation, current, operand, true);
      if (result === undefined) {
        throw new MongoCommandError(
          "BadValue",
          `Failed to apply ${name} operations to current value (${String(current)}) for document {_id: ${show(context.id)}}`,
        );
      }
      write(slot, result);
    }
  };
}

/** $mul on a missing field stores a zero of the multiplier's type. */
function zeroLike(value: unknown): unknown {
  return numericKind(value) === "long" ? Long.fromNumber(0) : 0;
}

function extremeOperator(keepLower: boolean): FieldOperator {
  return (doc, path, operand, context) => {
    for (const slot of resolveSlots(doc, path, context, true)) {
      const current = read(slot);
      const order = current === undefined ? 0 : compareValues(operand, current, context.collator);
      if (current === undefined || (keepLower ? order < 0 : order > 0)) write(slot, cloneDocument(operand));
    }
  };
}

const $currentDate: FieldOperator = (doc, path, operand, context) => {
  let type = "date";
  if (isPlainObject(operand)) {
    type = String(operand.$type);
    if (type !== "date" && type !== "timestamp") {
      throw new MongoCommandError("BadValue", "The '$type' string field is required to be 'date' or 'timestamp'");
    }
  } else if (typeof operand !== "boolean") {
    throw new MongoCommandError(
      "BadValue",
      `${show(operand)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
    );
  }
  const value = type === "timestamp" ? context.timestamp() : new Date(context.now);
  for (const slot of resolveSlots(doc, path, context, true)) write(slot, value);
};

function arrayAt(slot: Slot, context: UpdateContext): unknown[] | undefined {
  const current = read(slot);
  if (current === undefined) return undefined;
  if (!Array.isArray(current)) {
    throw new MongoCommandError(
      "BadValue",
      `The field '${String(slot.key)}' must be an array but is of type ${bsonType(current)} in document {_id: ${show(context.id)}}`,
    );
  }
  return current;
}

function eachOf(operand: unknown, operator: string): { values: unknown[]; modifiers: Document } {
  if (isPlainObject(operand) && "$each" in operand) {
    const { $each, ...modifiers } = operand;
    if (!Array.isArray($each))
      throw new MongoCommandError("BadValue", `The argument to $each in ${operator} must be an array`);
    return { values: $each, modifiers };
  }
  return { values: [operand], modifiers: {} };
}

const $push: FieldOperator = (doc, path, operand, context) => {
  const { values, modifiers } = eachOf(operand, "$push");
  for (const key of Object.keys(modifiers)) {
    if (!["$slice", "$sort", "$position"].includes(key)) {
      throw new MongoCommandError("BadValue", `Unrecognized clause in $push: ${key}`);
    }
  }
  for (const slot of resolveSlots(doc, path, context, true)) {
    let array = [...(arrayAt(slot, context) ?? [])];
    const added = values.map(cloneDocument);
    if (modifiers.$position !== undefined) {
      let position = Math.trunc(toDouble(modifiers.$position));
      if (position < 0) position = Math.max(0, array.length + position);
      array.splice(Math.min(position, array.length), 0, ...added);
    } else array.push(...added);
    if (modifiers.$sort !== undefined) {
      const spec = modifiers.$sort;
      if (isPlainObject(spec)) array = sortDocuments(array as Document[], spec, context.collator);
      else {
        const direction = toDouble(spec);
        if (direction !== 1 && direction !== -1)
          throw new MongoCommandError(
            "BadValue",
            "The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields",
          );
        array.sort((a, b) => direction * compareValues(a, b, context.collator));
      }
    }
    if (modifiers.$slice !== undefined) {
      const limit = Math.trunc(toDouble(modifiers.$slice));
      array = limit >= 0 ? array.slice(0, limit) : array.slice(Math.max(0, array.length + limit));
    }
    write(slot, array);
  }
};

const $addToSet: FieldOperator = (doc, path, operand, context) => {
  const { values } = eachOf(operand, "$addToSet");
  for (const slot of resolveSlots(doc, path, context, true)) {
    const array = [...(arrayAt(slot, context) ?? [])];
    for (const value of values) {
      if (!array.some((element) => valuesEqual(element, value, context.collator))) array.push(cloneDocument(value));
    }
    write(slot, array);
  }
};

const $pop: FieldOperator = (doc, path, operand, context) => {
  const direction = isNumeric(operand) ? toDouble(operand) : Number.NaN;
  if (direction !== 1 && direction !== -1)
    throw new MongoCommandError("FailedToParse", `$pop expects 1 or -1, found: ${show(operand)}`);
  for (const slot of resolveSlots(doc, path, context, false)) {
    const current = read(slot);
    if (current === undefined) continue;
    if (!Array.isArray(current)) {
      throw new MongoCommandError(
        "TypeMismatch",
        `Path '${slot.path}' contains an element of non-array type '${bsonType(current)}'`,
      );
    }
    write(slot, direction === 1 ? current.slice(0, -1) : current.slice(1));
  }
};

function pullOperator(name: "$pull" | "$pullAll"): FieldOperator {
  return (doc, path, operand, context) => {
    let matches: (element: unknown) => boolean;
    if (name === "$pullAll") {
      if (!Array.isArray(operand)) throw new MongoCommandError("BadValue", "$pullAll requires an array argument");
      matches = (element) => operand.some((value) => valuesEqual(element, value, context.collator));
    } else if (isPlainObject(operand) && Object.keys(operand).length > 0) {
      const operators =
        Object.keys(operand)[0]?.startsWith("$") && !["$and", "$or", "$nor"].includes(Object.keys(operand)[0] ?? "");
      const test = compileFilter(operators ? { value: operand } : operand, { collator: context.collator });
      matches = operators
        ? (element) => test({ value: element })
        : (element) => isPlainObject(element) && test(element);
    } else {
      matches = (element) => valuesEqual(element, operand, context.collator);
    }
    for (const slot of resolveSlots(doc, path, context, false)) {
      const current = read(slot);
      if (current === undefined) continue;
      if (!Array.isArray(current)) throw new MongoCommandError("BadValue", `Cannot apply ${name} to a non-array value`);
      write(
        slot,
        current.filter((element) => !matches(element)),
      );
    }
  };
}

const $bit: FieldOperator = (doc, path, operand, context) => {
  if (!isPlainObject(operand) || Object.keys(operand).length === 0) {
    throw new MongoCommandError(
      "BadValue",
      `The $bit modifier is not compatible with a ${bsonType(operand)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`,
    );
  }
  for (const slot of resolveSlots(doc, path, context, true)) {
    let current = read(slot) ?? 0;
    if (numericKind(current) !== "int" && numericKind(current) !== "long") {
      throw new MongoCommandError(
        "BadValue",
        `Cannot apply $bit to a value of non-integral type. {_id: ${show(context.id)}} has the field ${String(slot.key)} of non-integer type ${bsonType(current)}`,
      );
    }
    for (const [kind, mask] of Object.entries(operand)) {
      if (numericKind(mask) !== "int" && numericKind(mask) !== "long") {
        throw new MongoCommandError(
          "BadValue",
          `The $bit modifier field must be an Integer(32/64 bit); a '${bsonType(mask)}' is not supported here: {${kind}: ${show(mask)}}`,
        );
      }
      const x = BigInt(String(current));
      const y = BigInt(String(mask));
      const bits = kind === "and" ? x & y : kind === "or" ? x | y : kind === "xor" ? x ^ y : undefined;
      if (bits === undefined)
        throw new MongoCommandError(
          "BadValue",
          `The $bit modifier only supports 'and', 'or', and 'xor', not '${kind}'`,
        );
      const long = numericKind(current) === "long" || numericKind(mask) === "long";
      current = long ? Long.fromBigInt(BigInt.asIntN(64, bits)) : Number(BigInt.asIntN(32, bits));
    }
    write(slot, current);
  }
};

const $rename: FieldOperator = (doc, path, operand, context) => {
  if (typeof operand !== "string")
    throw new MongoCommandError("BadValue", `The 'to' field for $rename must be a string: ${path}: ${show(operand)}`);
  if (operand === path)
    throw new MongoCommandError(
      "BadValue",
      `The source and target field for $rename must differ: ${path}: "${operand}"`,
    );
  const [source] = resolveSlots(doc, path, context, false);
  if (!source || read(source) === undefined) return;
  if (Array.isArray(source.container))
    throw new MongoCommandError(
      "BadValue",
      `The source field cannot be an array element, '${path}' in doc with _id: ${show(context.id)} has an array field called '${path}'`,
    );
  const value = read(source);
  remove(source);
  const [target] = resolveSlots(doc, operand, context, true);
  if (!target) return;
  if (Array.isArray(target.container))
    throw new MongoCommandError(
      "BadValue",
      `The destination field cannot be an array element, '${operand}' in doc with _id: ${show(context.id)} has an array field called '${operand}'`,
    );
  write(target, value);
};

export const FIELD_OPERATORS: Record<string, FieldOperator> = {
  $set,
  $setOnInsert: $set,
  $unset,
  $inc: arithmeticOperator("$inc", "add"),
  $mul: arithmeticOperator("$mul", "multiply"),
  $min: extremeOperator(true),
  $max: extremeOperator(false),
  $currentDate,
  $push,
  $addToSet,
  $pop,
  $pull: pullOperator("$pull"),
  $pullAll: pullOperator("$pullAll"),
  $bit,
  $rename,
};
