const { call, TOKEN_KEY, messageOf } = require("../../lib/api.js");
const config = require("../../lib/config.js");
const { largeTypeBehavior } = require("../../lib/settings.js");

/**
 * The owner's venues: code, poster preview, saving the poster to the photo album to print, and
 * staff: an invitation QR code for a new member, the list, and taking someone off it.
 */
Component({
  behaviors: [largeTypeBehavior],
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
    async onLoad() {
      try {
        const [{ venues }, counts] = await Promise.all([
          call("GET", "/api/venues/mine"),
          call("GET", "/api/me/venue-scans"),
        ]);
        this.setData({ venues, scans: Object.fromEntries(counts.venues.map((v) => [v.venueId, v])) });
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
    /** @param {Events.Tap} event */
    async invite(event) {
      const { id } = event.currentTarget.dataset;
      try {
        const invite = await call("POST", `/api/venues/${id}/staff-invites`);
        this.setData({ invite: { ...invite, venueId: id } });
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
    /** @param {Events.Tap} event */
    async showStaff(event) {
      const { id } = event.currentTarget.dataset;
      try {
        const { staff } = await call("GET", `/api/venues/${id}/staff`);
        this.setData({ [`staff.${id}`]: staff });
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
    /** @param {Events.Tap} event */
    async removeStaff(event) {
      const { venue, person } = event.currentTarget.dataset;
      try {
        await call("DELETE", `/api/venues/${venue}/staff/${person}`);
        await this.showStaff({ currentTarget: { dataset: { id: venue } } });
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
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
    async preview(event) {
      try {
        const file = await this.posterFile(event.currentTarget.dataset.id);
        wx.previewImage({ urls: [file] });
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
    /** @param {Events.Tap} event */
    async save(event) {
      try {
        const filePath = await this.posterFile(event.currentTarget.dataset.id);
        wx.saveImageToPhotosAlbum({
          filePath,
          success: () => this.setData({ saved: "海报已保存到相册，可以拿去打印张贴。" }),
          fail: () => this.setData({ problem: "没有保存：请允许小程序保存到相册。" }),
        });
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
  },
});
