const { call, messageOf } = require("../../lib/api.js");
const { personProblems } = require("../../lib/validate.js");
const { largeTypeBehavior } = require("../../lib/settings.js");
const { formBehavior } = require("../../lib/form.js");

const RELATIONS = ["父亲", "母亲", "爷爷", "奶奶", "外公", "外婆", "配偶", "子女", "孙辈", "亲属", "朋友", "其他"];

/** What a companion's consent means for the resident who added them. */
const CONSENT_NOTES = { pending: "等本人同意后才能一起登记", declined: "本人没有同意", "not-needed": "", given: "" };

/**
 * Companions without phones (老人、儿童), checked in together with the resident; and requests from
 * others to check this resident in as their companion, which only the resident can allow.
 */
Component({
  behaviors: [largeTypeBehavior, formBehavior],
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
    async load() {
      try {
        const [{ companions }, { requests }] = await Promise.all([
          call("GET", "/api/me/companions"),
          call("GET", "/api/me/companion-requests"),
        ]);
        this.setData({
          companions: companions.map((c) => ({ ...c, consentNote: CONSENT_NOTES[c.consent] || "" })),
          requests,
        });
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
    /** @param {Events.Change} event */
    pickRelation(event) {
      this.setData({ "form.relation": RELATIONS[Number(event.detail.value)] });
    },
    async add() {
      const problems = personProblems(this.data.form);
      if (!this.data.form.relation) problems.relation = "请选择与您的关系";
      if (!this.validate(problems)) return;
      try {
        await call("POST", "/api/me/companions", this.data.form);
        this.setData({ form: { name: "", idNumber: "", relation: "" } });
        await this.load();
      } catch (error) {
        this.showServerProblems(error);
      }
    },
    /** @param {Events.Tap} event */
    async answer(event) {
      const { id, decision } = event.currentTarget.dataset;
      try {
        await call("POST", `/api/me/companion-requests/${id}`, { decision });
        await this.load();
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
    /** @param {Events.Tap} event */
    async remove(event) {
      try {
        await call("DELETE", `/api/me/companions/${event.currentTarget.dataset.id}`);
        await this.load();
      } catch (error) {
        this.setData({ problem: messageOf(error) });
      }
    },
  },
});
