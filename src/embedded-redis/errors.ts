/**
 * Errors as Redis words them (server.c, t_string.c, t_stream.c of Redis 7.0): clients and people
 * match on these strings, and the differential tests compare them with a real redis-server's.
 */
export class RedisError extends Error {
  /** `message` starts with the error's code (ERR, WRONGTYPE, NOGROUP …), as on the wire. */
  constructor(message: string) {
    super(message);
  }
}

export const syntaxError = () => new RedisError("ERR syntax error");
export const notAnInteger = () => new RedisError("ERR value is not an integer or out of range");
export const wrongType = () => new RedisError("WRONGTYPE Operation against a key holding the wrong kind of value");
export const wrongArity = (command: string) => new RedisError(`ERR wrong number of arguments for '${command}' command`);
export const unknownSubcommand = (subcommand: string, command: string) =>
  new RedisError(`ERR unknown subcommand '${clip(subcommand)}'. Try ${command.toUpperCase()} HELP.`);
export const invalidExpireTime = (command: string) => new RedisError(`ERR invalid expire time in '${command}' command`);
export const invalidStreamId = () => new RedisError("ERR Invalid stream ID specified as stream command argument");

/** Redis answers an unknown command with the first arguments, 128 characters at most. */
export function unknownCommand(args: readonly string[]): RedisError {
  let shown = "";
  for (let i = 1; i < args.length && shown.length < 128; i++) {
    shown += `'${(args[i] ?? "").slice(0, 128 - shown.length)}' `;
  }
  return new RedisError(`ERR unknown command '${clip(args[0] ?? "")}', with args beginning with: ${shown}`);
}

/** At most 128 characters, and no line breaks, which would end the error reply early. */
function clip(text: string): string {
  return text.slice(0, 128).replace(/[\r\n]/g, " ");
}

/** Any error text, made safe for a one-line error reply. */
export function errorLine(message: string): string {
  return message.replace(/[\r\n]/g, " ");
}
