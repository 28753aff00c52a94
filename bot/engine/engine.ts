import { AppError } from "../../src/errors.js";
import type { Services } from "../../src/services.js";
import { Ticket } from "../../src/tickets/ticket.model.js";
import type { UserDocument } from "../../src/users/user.model.js";
import type { FaqMatcher } from "../faq/matcher.js";
import { FLOWS, type Flow, type FlowContext, type Step } from "./flows.js";
import type { ChatSession, ChatSessions } from "./sessions.js";
import { type ChatIdentity, type Reply, text } from "./types.js";

const YES = /^(确认|确定|是|是的|对|对的|好|好的|可以|提交|没问题|没错|1|ok|yes|y)$/i;
const CANCEL = /^(取消|不办了|算了|退出|结束)$/;
const BACK = /^(上一步|返回|后退|退回)$/;
const EDIT = /^(?:修改|改)\s*(.+)$/;

/** Words that start a dialogue or run a command, tried before the question-answering. */
const INTENTS: { pattern: RegExp; intent: string }[] = [
  { pattern: /^绑定\s*(\d{6})$/, intent: "bind" },
  { pattern: /^(转人工|人工|人工客服|找人工|真人)$/, intent: "human" },
  { pattern: /我的随行人员|随行人员列表|查看随行/, intent: "list-companions" },
  { pattern: /^删除随行人员\s*(\d{1,2})$/, intent: "remove-companion" },
  { pattern: /添加随行|加随行|登记随行|帮老人登记|帮孩子登记|帮小孩登记/, intent: "add-companion" },
  {
    pattern: /我要申领|申领场所码|注册场所|登记场所|帮我办个码|办个码|申请场所码|我要办码|我要申请/,
    intent: "register-venue",
  },
  { pattern: /^(菜单|帮助|你好|您好|在吗|hi|hello|开始)$/i, intent: "menu" },
];

const MENU = [
  "您好！我是场所码小助手，可以帮您：",
  "1. 申领场所码：回复“我要申领场所码”",
  "2. 添加随行人员（老人、孩子）：回复“添加随行人员”",
  "3. 查看随行人员：回复“我的随行人员”",
  "4. 解答问题：直接问我，比如“码贴在哪里”",
  "有问题也可以回复“转人工”。",
].join("\n");

/**
 * The bot's conversation logic, independent of how messages arrive (WeChat, web chat): each
 * message becomes a few short replies. Dialogues keep their state in Redis between messages.
 */
export class ConversationEngine {
  constructor(
    private readonly services: Services,
    private readonly sessions: ChatSessions,
    private readonly faq: FaqMatcher,
  ) {}

  async reply(who: ChatIdentity, message: string): Promise<Reply[]> {
    const input = message.trim().slice(0, 500);
    const session = await this.sessions.load(who.channel, who.contactId);
    const ctx: FlowContext = { services: this.services, who, user: await this.userOf(who) };
    let replies: Reply[];
    try {
      replies = await this.respond(input, session, ctx);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // A refusal from the domain (a duplicate venue, an identity already in use) ends the dialogue politely.
      delete session.flow;
      session.answers = {};
      session.answered = [];
      replies = [text(`${error.userMessage}\n回复“菜单”看看还能做什么。`)];
    }
    await this.sessions.save(who.channel, who.contactId, session);
    return replies;
  }

  private async userOf(who: ChatIdentity): Promise<UserDocument | undefined> {
    if (!who.userId) return undefined;
    return this.services.users.get(who.userId).catch(() => undefined);
  }

  private async respond(input: string, session: ChatSession, ctx: FlowContext): Promise<Reply[]> {
    if (!input) return [text(MENU)];
    const flow = FLOWS.find((f) => f.id === session.flow);
    if (flow) return this.continueFlow(flow, input, session, ctx);

    for (const { pattern, intent } of INTENTS) {
      const match = pattern.exec(input);
      if (match) return this.runIntent(intent, match, session, ctx);
    }
    const answer = this.faq.match(input);
    if (answer.answer) return [text(answer.answer)];
    session.lastUnknown = input;
    return [text(`这个问题我还不会回答。\n${MENU}`)];
  }

  private async runIntent(
    intent: string,
    match: RegExpExecArray,
    session: ChatSession,
    ctx: FlowContext,
  ): Promise<Reply[]> {
    const { who } = ctx;
    switch (intent) {
      case "menu":
        return [text(MENU)];
      case "register-venue":
      case "add-companion": {
        const flow = FLOWS.find((f) => f.id === intent) as Flow;
        session.flow = flow.id;
        session.answers = {};
        session.answered = [];
        return [
          text(`好的，我们开始${flow.title}。随时回复“取消”可以退出，“上一步”可以返回。`),
          ...this.nextQuestion(flow, session, ctx),
        ];
      }
      case "bind": {
        if (who.channel !== "wechat") return [text("在微信里给我发“绑定 六位数字”就可以绑定。")];
        const userId = await this.services.bindings.redeem("wechat", who.contactId, match[1] as string);
        if (!userId) return [text("绑定码不对或者已经过期了。请在小程序“我的”里重新获取绑定码。")];
        who.userId = userId;
        return [text("绑定成功！以后有风险提醒，我会在这里告诉您。")];
      }
      case "human": {
        await Ticket.create({
          question: session.lastUnknown ?? "（用户要求转人工）",
          channel: who.channel,
          contactId: who.contactId,
          ...(who.userId ? { userId: who.userId } : {}),
        });
        delete session.lastUnknown;
        return [text("已经转给工作人员了，他们会尽快联系您。")];
      }
      case "list-companions": {
        if (!who.userId) return [text("您还没有账号。回复“添加随行人员”，我帮您先实名认证再添加。")];
        const companions = await this.services.companions.list(who.userId);
        if (companions.length === 0) return [text("您还没有随行人员。回复“添加随行人员”来添加。")];
        const lines = companions.map((c, i) => `${i + 1}. ${c.nameMasked}（${c.relation}）`);
        return [text(`您的随行人员：\n${lines.join("\n")}\n要删除某一位，回复“删除随行人员 序号”。`)];
      }
      case "remove-companion": {
        if (!who.userId) return [text("您还没有随行人员。")];
        const companions = await this.services.companions.list(who.userId);
        const chosen = companions[Number(match[1]) - 1];
        if (!chosen) return [text("没有这个序号。回复“我的随行人员”看看序号。")];
        await this.services.companions.remove(who.userId, String(chosen._id));
        return [text(`已删除随行人员：${chosen.nameMasked}。`)];
      }
      default:
        return [text(MENU)];
    }
  }

  private continueFlow(flow: Flow, input: string, session: ChatSession, ctx: FlowContext): Promise<Reply[]> | Reply[] {
    if (CANCEL.test(input)) {
      delete session.flow;
      session.answers = {};
      session.answered = [];
      return [text(`已取消${flow.title}。需要时再叫我。`)];
    }
    if (BACK.test(input)) {
      const previous = session.answered.pop();
      if (previous) delete session.answers[previous];
      return this.nextQuestion(flow, session, ctx);
    }
    const edit = EDIT.exec(input);
    if (edit) {
      const step = flow.steps.find((s) => s.label === edit[1]?.trim() || s.aliases.includes(edit[1]?.trim() ?? ""));
      if (!step || !this.applies(step, session, ctx)) {
        return [
          text(
            `可以修改的有：${this.applicable(flow, session, ctx)
              .map((s) => s.label)
              .join("、")}`,
          ),
        ];
      }
      delete session.answers[step.key];
      session.answered = session.answered.filter((key) => key !== step.key);
      return this.nextQuestion(flow, session, ctx);
    }
    const step = this.pending(flow, session, ctx);
    if (!step) {
      if (YES.test(input)) return this.finish(flow, session, ctx);
      return [text("请回复“确认”提交；要改哪一项就回复“修改 名称”这样的，或回复“取消”。")];
    }
    const parsed = step.parse(input, ctx);
    if ("problem" in parsed) return [text(`${parsed.problem}\n${step.ask(session.answers, ctx)}`)];
    session.answers[step.key] = parsed.value;
    session.answered.push(step.key);
    // A changed category can make an answered address (or plate) no longer apply.
    for (const other of flow.steps) {
      if (!this.applies(other, session, ctx) && session.answers[other.key] !== undefined) {
        delete session.answers[other.key];
        session.answered = session.answered.filter((key) => key !== other.key);
      }
    }
    return this.nextQuestion(flow, session, ctx);
  }

  private async finish(flow: Flow, session: ChatSession, ctx: FlowContext): Promise<Reply[]> {
    const replies = await flow.finish(session.answers, ctx);
    delete session.flow;
    session.answers = {};
    session.answered = [];
    return replies;
  }

  private applies(step: Step, session: ChatSession, ctx: FlowContext): boolean {
    return step.applies ? step.applies(session.answers, ctx) : true;
  }

  private applicable(flow: Flow, session: ChatSession, ctx: FlowContext): Step[] {
    return flow.steps.filter((step) => this.applies(step, session, ctx));
  }

  private pending(flow: Flow, session: ChatSession, ctx: FlowContext): Step | undefined {
    return this.applicable(flow, session, ctx).find((step) => session.answers[step.key] === undefined);
  }

  /** The next question, or the summary to confirm once everything is answered. */
  private nextQuestion(flow: Flow, session: ChatSession, ctx: FlowContext): Reply[] {
    const step = this.pending(flow, session, ctx);
    if (step) return [text(step.ask(session.answers, ctx))];
    const lines = this.applicable(flow, session, ctx).map((s) => {
      const value = session.answers[s.key] as string;
      return `${s.label}：${s.show ? s.show(value, ctx) : value}`;
    });
    return [text(`请核对：\n${lines.join("\n")}\n没问题请回复“确认”；要改哪一项就回复“修改 名称”这样的。`)];
  }
}
