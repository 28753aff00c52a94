import Koa from "koa";
import { listenAndAnnounce } from "./announce.js";

/** The baseline: a bare Koa "hello", in its own process like the service. Prints its URL. */
const app = new Koa();
app.use((ctx) => {
  ctx.body = "hello";
});
listenAndAnnounce(app);
