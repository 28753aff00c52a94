import { parseArgs } from "node:util";
import { startWeChatStandIn } from "./stand-in.js";

/** `npm run -s wechat:stand-in -- --port 4010`: the local WeChat API stand-in for demos (WECHAT_API_BASE). */
const { values } = parseArgs({ options: { port: { type: "string", default: "4010" } } });
const standIn = await startWeChatStandIn(Number(values.port));
process.stdout.write(`WeChat API stand-in listening on ${standIn.url}\n`);
setInterval(() => process.stdout.write(`${standIn.sends.length} subscribe messages recorded\n`), 10_000).unref();
process.once("SIGTERM", () => standIn.stop().then(() => process.exit(0)));
process.once("SIGINT", () => standIn.stop().then(() => process.exit(0)));
