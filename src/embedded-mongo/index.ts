/**
 * A small MongoDB-compatible server for machines where no mongod can be had: it speaks the wire
 * protocol on loopback, so mongoose and the official driver use it exactly as a real server.
 * Development, demos and CI only; production runs on a real MongoDB replica set.
 */
export { type EmbeddedMongo, type EmbeddedMongoOptions, startEmbeddedMongo } from "./server.js";
export { startEmbeddedMongoThread } from "./thread.js";
