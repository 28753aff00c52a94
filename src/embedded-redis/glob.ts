/**
 * Redis's glob-style patterns (KEYS, SCAN MATCH, PSUBSCRIBE): `*`, `?`, `[abc]`, `[^a-z]`, and `\`
 * to take the next character literally; translated once into a regular expression.
 */
const compiled = new Map<string, RegExp>();
const MAX_CACHED = 1000;

export function globMatches(pattern: string, text: string): boolean {
  let expression = compiled.get(pattern);
  if (!expression) {
    expression = new RegExp(`^${translate(pattern)}$`, "s");
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(pattern, expression);
  }
  return expression.test(text);
}

function literal(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

function translate(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const character = pattern[i] as string;
    if (character === "*") out += "[\\s\\S]*";
    else if (character === "?") out += "[\\s\\S]";
    else if (character === "\\" && i + 1 < pattern.length) out += literal(pattern[++i] as string);
    else if (character === "[") {
      let negated = false;
      if (pattern[i + 1] === "^") {
        negated = true;
        i++;
      }
      let members = "";
      for (i++; i < pattern.length && pattern[i] !== "]"; i++) {
        if (pattern[i] === "\\" && i + 1 < pattern.length) members += literal(pattern[++i] as string);
        else if (pattern[i + 1] === "-" && i + 2 < pattern.length && pattern[i + 2] !== "]") {
          // A reversed range (z-a) means the same as a-z, as in Redis.
          const [low, high] = [pattern[i] as string, pattern[i + 2] as string].sort();
          members += `${literal(low as string)}-${literal(high as string)}`;
          i += 2;
        } else members += literal(pattern[i] as string);
      }
      out += members === "" ? (negated ? "[\\s\\S]" : "[^\\s\\S]") : `[${negated ? "^" : ""}${members}]`;
    } else out += literal(character);
  }
  return out;
}
