const { call, messageOf } = require("../../lib/api.js");
const config = require("../../lib/config.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

/** Exposure alerts about the resident and their companions; acknowledging, and agreeing to be told by message. */
Component({
  behaviors: [largeTypeBehavior, pageStateBehavior],
  data: { notifications: /** @type {import("../../typings/api").Notification[]} */ ([]), problem: "" },
  methods: {
    onLoad() {
      return this.load();
    },
    load() {
      return this.loadWith(async () => {
        const { notifications } = await call("GET", "/api/me/notifications");
        this.setData({ notifications });
      });
    },
    /** @param {Events.Tap} event */
    acknowledge(event) {
      const { id } = event.currentTarget.dataset;
      return this.busyWith(`ack:${id}`, async () => {
        try {
          await call("POST", `/api/me/notifications/${id}/ack`);
          const { notifications } = await call("GET", "/api/me/notifications");
          this.setData({ notifications, problem: "" });
        } catch (error) {
          this.setData({ problem: messageOf(error) });
        }
      });
    },
    /** Asks WeChat for permission to send one alert message, and says what came of it. */
    subscribe() {
      if (!config.alertTemplateId) {
        wx.showToast({ title: "暂未开通微信消息提醒", icon: "none" });
        return Promise.resolve();
      }
      return this.busyWith("subscribe", async () => {
        const answer = await new Promise((resolve) =>
          wx.requestSubscribeMessage({
            tmplIds: [config.alertTemplateId],
            success: (result) => resolve(result[config.alertTemplateId]),
            fail: () => resolve("fail"),
          }),
        );
        if (answer !== "accept") {
          wx.showToast({ title: "没有订阅：您可以稍后再点一次", icon: "none" });
          return;
        }
        try {
          await call("POST", "/api/me/subscriptions", { templateId: config.alertTemplateId });
          wx.showToast({ title: "已订阅，有新提醒时通知您", icon: "success" });
        } catch (error) {
          this.setData({ problem: messageOf(error) });
          wx.showToast({ title: "订阅没有成功，请重试", icon: "none" });
        }
      });
    },
  },
});
