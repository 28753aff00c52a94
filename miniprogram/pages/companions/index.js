const { call, messageOf } = require("../../lib/api.js");
const { personProblems } = require("../../lib/validate.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { formBehavior } = require("../../lib/form.js");
const { pageStateBehavior } = require("../../lib/page-state.js");

const RELATIONS = ["父亲", "母亲", "爷爷", "奶奶", "外公", "外婆", "配偶", "子女", "孙辈", "亲属", "朋友", "其他"];

/** What a companion's consent means for the resident who added them. */
const CONSENT_NOTES = { pending: "等本人同意后才能一起登记", declined: "本人没有同意", "not-needed": "", given: "" };

/**
 * Companions without phones (老人、儿童), checked in together with the resident; and requests from
 * others to check this resident in as their companion, which only the resident can allow.
 */
Component({
  behaviors: [largeTypeBehavior, formBehavior, pageStateBehavior],
  data: {
    companions: /** @type {(import("../../typings/api").Companion & { consentNote: string })[]} */ ([]),
    requests: /** @type {import("../../typings/api").CompanionRequests["requests"]} */ ([]),
    relations: RELATIONS,
    form: { name: "", idNumber: "", relation: "" },
  },
  methods: {
    onLoad() {
      return this.load();
    },
    load() {
      return this.loadWith(() => this.fetch());
    },
    /** The companions and the requests, as the page lists them. */
    async fetch() {
      const [{ companions }, { requests }] = await Promise.all([
        call("GET", "/api/me/companions"),
        call("GET", "/api/me/companion-requests"),
      ]);
      this.setData({
        companions: companions.map((c) => ({ ...c, consentNote: CONSENT_NOTES[c.consent] || "" })),
        requests,
      });
    },
    /** @param {Events.Change} event */
    pickRelation(event) {
      this.setData({ "form.relation": RELATIONS[Number(event.detail.value)] });
    },
    add() {
      const problems = personProblems(this.data.form);
      if (!this.data.form.relation) problems.relation = "请选择与您的关系";
      if (!this.validate(problems)) return Promise.resolve();
      return this.busyWith("add", async () => {
        try {
          await call("POST", "/api/me/companions", this.data.form);
          this.setData({ form: { name: "", idNumber: "", relation: "" } });
          await this.fetch();
          wx.showToast({ title: "已添加", icon: "success" });
        } catch (error) {
          this.showServerProblems(error);
        }
      });
    },
    /** @param {Events.Tap} event */
    answer(event) {
      const { id, decision } = event.currentTarget.dataset;
      return this.busyWith(`answer:${id}`, async () => {
        try {
          await call("POST", `/api/me/companion-requests/${id}`, { decision });
          await this.fetch();
          this.setData({ problem: "" });
        } catch (error) {
          this.setData({ problem: messageOf(error) });
        }
      });
    },
    /** @param {Events.Tap} event */
    remove(event) {
      const { id } = event.currentTarget.dataset;
      return this.busyWith(`remove:${id}`, async () => {
        try {
          await call("DELETE", `/api/me/companions/${id}`);
          await this.fetch();
          this.setData({ problem: "" });
        } catch (error) {
          this.setData({ problem: messageOf(error) });
        }
      });
    },
  },
});
