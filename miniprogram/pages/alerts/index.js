const { call, messageOf } = require("../../lib/api.js");
const config = require("../../lib/config.js");
const { largeTypeBehavior } = require("../../lib/settings.js");

/** Exposure alerts about the resident and their companions; acknowledging, and agreeing to be told by message. */
Component({
  behaviors: [largeTypeBehavior],
  data: { notifications: /** @type {import("../../typings/api").Notification[]} */ ([]), problem: "" },
  methods: {
    async onLoad() {
      try {
        const { notifications } = await call("GET", "/api/me/notifications");
        this.setData({ notifications });
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
    /** @param {Events.Tap} event */
    async acknowledge(event) {
      try {
        await call("POST", `/api/me/notifications/${event.currentTarget.dataset.id}/ack`);
        await this.onLoad();
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
    subscribe() {
      if (!config.alertTemplateId) return;
      wx.requestSubscribeMessage({
        tmplIds: [config.alertTemplateId],
        success: async (result) => {
          if (result[config.alertTemplateId] === "accept") {
            await call("POST", "/api/me/subscriptions", { templateId: config.alertTemplateId });
          }
        },
      });
    },
  },
});
