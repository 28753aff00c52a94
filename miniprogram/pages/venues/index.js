const { call, TOKEN_KEY, messageOf } = require("../../lib/api.js");
const config = require("../../lib/config.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

/**
 * The owner's venues: code, poster preview, saving the poster to the photo album to print, and
 * staff: an invitation QR code for a new member, the list, and taking someone off it.
 */
Component({
  behaviors: [largeTypeBehavior, pageStateBehavior],
  data: {
    venues: /** @type {import("../../typings/api").MyVenues["venues"]} */ ([]),
    problem: "",
    saved: "",
    invite: /** @type {(import("../../typings/api").StaffInvite & { venueId: string }) | null} */ (null),
    staff: /** @type {Record<string, import("../../typings/api").VenueStaff["staff"]>} */ ({}),
    /** Scans at each owned venue, by venue id. */
    scans: /** @type {Record<string, import("../../typings/api").OwnerScanCounts["venues"][number]>} */ ({}),
  },
  methods: {
    onLoad() {
      return this.load();
    },
    load() {
      return this.loadWith(async () => {
        const [{ venues }, counts] = await Promise.all([
          call("GET", "/api/venues/mine"),
          call("GET", "/api/me/venue-scans"),
        ]);
        this.setData({ venues, scans: Object.fromEntries(counts.venues.map((v) => [v.venueId, v])) });
      });
    },
    /**
     * Runs a button's action with that button busy, showing what went wrong under the list.
     * @param {string} name
     * @param {() => Promise<unknown>} action
     */
    act(name, action) {
      return this.busyWith(name, async () => {
        try {
          await action();
          this.setData({ problem: "" });
        } catch (error) {
          this.setData({ problem: messageOf(error) });
        }
      });
    },
    /** @param {Events.Tap} event */
    invite(event) {
      const { id } = event.currentTarget.dataset;
      return this.act(`invite:${id}`, async () => {
        const invite = await call("POST", `/api/venues/${id}/staff-invites`);
        this.setData({ invite: { ...invite, venueId: id } });
      });
    },
    /** @param {Events.Tap} event */
    showStaff(event) {
      const { id } = event.currentTarget.dataset;
      return this.act(`staff:${id}`, () => this.fetchStaff(id));
    },
    /** @param {string} id */
    async fetchStaff(id) {
      const { staff } = await call("GET", `/api/venues/${id}/staff`);
      this.setData({ [`staff.${id}`]: staff });
    },
    /** @param {Events.Tap} event */
    removeStaff(event) {
      const { venue, person } = event.currentTarget.dataset;
      return this.act(`remove:${person}`, async () => {
        await call("DELETE", `/api/venues/${venue}/staff/${person}`);
        await this.fetchStaff(venue);
        wx.showToast({ title: "已移除", icon: "success" });
      });
    },
    /**
     * @param {string} id the venue
     * @returns {Promise<string>} the poster downloaded to a temporary file
     */
    posterFile(id) {
      return new Promise((resolve, reject) => {
        wx.downloadFile({
          url: `${config.apiBase}/api/venues/${id}/poster.png`,
          header: { Authorization: `Bearer ${wx.getStorageSync(TOKEN_KEY)}` },
          success: (result) =>
            result.statusCode === 200 ? resolve(result.tempFilePath) : reject(new Error("海报下载失败")),
          fail: () => reject(new Error("网络不通，请稍后再试")),
        });
      });
    },
    /** @param {Events.Tap} event */
    preview(event) {
      const { id } = event.currentTarget.dataset;
      return this.act(`preview:${id}`, async () => {
        const file = await this.posterFile(id);
        wx.previewImage({ urls: [file] });
      });
    },
    /** @param {Events.Tap} event */
    save(event) {
      const { id } = event.currentTarget.dataset;
      return this.act(`save:${id}`, async () => {
        const filePath = await this.posterFile(id);
        await new Promise((resolve, reject) =>
          wx.saveImageToPhotosAlbum({
            filePath,
            success: resolve,
            fail: () => reject(new Error("没有保存：请允许小程序保存到相册。")),
          }),
        );
        this.setData({ saved: "海报已保存到相册，可以拿去打印张贴。" });
        wx.showToast({ title: "已保存到相册", icon: "success" });
      });
    },
  },
});
