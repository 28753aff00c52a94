import Router from "@koa/router";
import mongoose from "mongoose";
import { z } from "zod";
import { NotFoundError } from "../errors.js";
import { requireResident } from "../policies/index.js";
import { Notification, type NotificationDocument } from "./notification.model.js";

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** The in-app inbox: alerts about the resident and about the companions they registered. */
export function notificationRoutes(): Router {
  const router = new Router({ prefix: "/api/me/notifications" });

  router.get("/", async (ctx) => {
    const { userId } = requireResident(ctx);
    const { limit } = listQuery.parse(ctx.query);
    const items = await Notification.find({ recipientUserId: userId })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<NotificationDocument[]>();
    ctx.body = {
      notifications: items.map((n) => ({
        id: String(n._id),
        exposureId: String(n.exposureId),
        kind: n.kind,
        about: { name: n.aboutName, relation: n.aboutRelation },
        riskLevel: n.riskLevel,
        text: n.text,
        acknowledged: Boolean(n.acknowledgedAt),
        createdAt: n.createdAt.toISOString(),
      })),
    };
  });

  router.post("/:id/ack", async (ctx) => {
    const { userId } = requireResident(ctx);
    const id = ctx.params.id ?? "";
    const updated = mongoose.isValidObjectId(id)
      ? await Notification.findOneAndUpdate(
          { _id: id, recipientUserId: userId },
          { $set: { acknowledgedAt: new Date() } },
        )
      : null;
    if (!updated)
      throw new NotFoundError(`No notification ${id} of yours`, "没有找到这条提醒。", "NOTIFICATION_NOT_FOUND");
    ctx.status = 204;
  });

  return router;
}
