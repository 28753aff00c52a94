import Koa from "koa";

/** The baseline: a bare Koa "hello", in its own process like the service. Prints its URL. */
const app = new Koa();
app.use((ctx) => {
  ctx.body = "hello";
});
const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${port}` })}\n`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
