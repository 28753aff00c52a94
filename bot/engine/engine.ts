import {
  AppError,
  type BotServices,
  type ChatEngine,
  type ChatIdentity,
  maskIdNumbersIn,
  type Reply,
  signIn,
  text,
  type UserDocument,
} from "../../src/chat/bot-interface.js";
import type { FaqMatcher } from "../faq/matcher.js";
import { FLOWS, type Flow, type FlowContext, type Step } from "./flows.js";
import type { ChatSession, ChatSessions } from "./sessions.js";

const YES = /^(确认|确定|是|是的|对|对的|好|好的|可以|提交|没问题|没错|1|ok|yes|y)$/i;
const CANCEL = /^(取消|不办了|算了|退出|结束)$/;
const BACK = /^(上一步|返回|后退|退回)$/;
const EDIT = /^(?:修改|改)\s*(.+)$/;
const RESUME = /^(继续|好了|登录好了|已登录)$/;

/** Messages one conversation, and one address, may send in a minute. */
export const MESSAGES_PER_MINUTE = 30;
export const MESSAGES_PER_ADDRESS_PER_MINUTE = 120;

/** Words that start a dialogue or run a command, tried before the question-answering. */
const INTENTS: { pattern: RegExp; intent: string }[] = [
  { pattern: /^绑定\s*(\d{6})$/, intent: "bind" },
  { pattern: /^(转人工|人工|人工客服|找人工|真人)$/, intent: "human" },
  { pattern: /^(同意|拒绝)随行\s*(\d{1,2})$/, intent: "answer-request" },
  { pattern: /^(随行请求|随行申请|谁要带我)$/, intent: "companion-requests" },
  { pattern: /我的随行人员|随行人员列表|查看随行/, intent: "list-companions" },
  { pattern: /^删除随行人员\s*(\d{1,2})$/, intent: "remove-companion" },
  { pattern: /添加随行|加随行|登记随行|帮老人登记|帮孩子登记|帮小孩登记/, intent: "add-companion" },
  {
    pattern: /我要申领|申领场所码|注册场所|登记场所|帮我办个码|办个码|申请场所码|我要办码|我要申请/,
    intent: "register-venue",
  },
  { pattern: RESUME, intent: "resume" },
  { pattern: /^(菜单|帮助|你好|您好|在吗|hi|hello|开始)$/i, intent: "menu" },
];

/** What each account-bound command is called when asking to sign in for it. */
const NEEDS_ACCOUNT: Record<string, string> = {
  "register-venue": "申领场所码",
  "add-companion": "添加随行人员",
  "list-companions": "查看随行人员",
  "remove-companion": "删除随行人员",
  "companion-requests": "查看随行请求",
  "answer-request": "回复随行请求",
};

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
 * Anything that writes acts on the signed-in account; someone not signed in is asked to sign in
 * first and then continues where they were.
 */
export class ConversationEngine implements ChatEngine {
  constructor(
    private readonly services: BotServices,
    private readonly sessions: ChatSessions,
    private readonly faq: FaqMatcher,
  ) {}

  async reply(who: ChatIdentity, message: string): Promise<Reply[]> {
    if (!(await this.withinLimits(who))) return [text("消息发得太快了，请稍等一分钟再发。")];
    const input = message.trim().slice(0, 500);
    const session = who.continues
      ? await this.sessions.adopt(who.channel, who.contactId, who.continues)
      : await this.sessions.load(who.channel, who.contactId);
    const ctx: FlowContext = { services: this.services, who, user: await this.userOf(who) };
    let replies: Reply[];
    // Answers officials gave to this person's 转人工 questions come first.
    const answers = (await this.services.tickets.takeReplies(who.channel, who.contactId)).map((answer) =>
      text(`【人工回复】您之前问：“${answer.question}”\n${answer.reply}`),
    );
    try {
      replies = [...answers, ...(await this.respond(input, session, ctx))];
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // A refusal from the domain (a duplicate venue, an identity already in use) ends the dialogue politely.
      endDialogue(session);
      replies = [...answers, text(`${error.userMessage}\n回复“菜单”看看还能做什么。`)];
    }
    await this.sessions.save(who.channel, who.contactId, session);
    return replies;
  }

  private async withinLimits(who: ChatIdentity): Promise<boolean> {
    const decision = await this.services.rateLimits.perMinute.consume([
      { key: `chat:${who.channel}:${who.contactId}`, limit: MESSAGES_PER_MINUTE },
      ...(who.origin ? [{ key: `chat:origin:${who.origin}`, limit: MESSAGES_PER_ADDRESS_PER_MINUTE }] : []),
    ]);
    return decision.allowed;
  }

  private async userOf(who: ChatIdentity): Promise<UserDocument | undefined> {
    if (!who.userId) return undefined;
    return this.services.users.get(who.userId).catch(() => undefined);
  }

  private async respond(input: string, session: ChatSession, ctx: FlowContext): Promise<Reply[]> {
    if (!input) return [text(MENU)];
    const flow = FLOWS.find((f) => f.id === session.flow);
    if (flow && session.awaitingSignIn) return this.awaitSignIn(flow, input, session, ctx);
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

  /** A dialogue begun before signing in: it starts once the person has signed in. */
  private awaitSignIn(flow: Flow, input: string, session: ChatSession, ctx: FlowContext): Reply[] {
    if (CANCEL.test(input)) {
      endDialogue(session);
      return [text(`已取消${flow.title}。需要时再叫我。`)];
    }
    if (ctx.user) {
      delete session.awaitingSignIn;
      return [text(`已登录，我们继续${flow.title}。`), ...this.nextQuestion(flow, session, ctx)];
    }
    const answer = this.faq.match(input);
    return [
      ...(answer.answer ? [text(answer.answer)] : []),
      text(`${flow.title}需要先登录。登录后回复“继续”，我们接着办；回复“取消”可以不办了。`),
      signIn,
    ];
  }

  private async runIntent(
    intent: string,
    match: RegExpExecArray,
    session: ChatSession,
    ctx: FlowContext,
  ): Promise<Reply[]> {
    const { who, services } = ctx;
    const task = NEEDS_ACCOUNT[intent];
    if (task && !ctx.user) return this.askToSignIn(intent, task, session);
    const user = ctx.user as UserDocument;
    switch (intent) {
      case "register-venue":
      case "add-companion": {
        const flow = FLOWS.find((f) => f.id === intent) as Flow;
        startDialogue(session, flow);
        return [
          text(`好的，我们开始${flow.title}。随时回复“取消”可以退出，“上一步”可以返回。`),
          ...this.nextQuestion(flow, session, ctx),
        ];
      }
      case "resume":
        return [text(`现在没有要继续办的事。\n${MENU}`)];
      case "bind": {
        if (who.channel !== "wechat") return [text("在微信里给我发“绑定 六位数字”就可以绑定。")];
        const redeemed = await services.bindings.redeem("wechat", who.contactId, match[1] as string);
        if (redeemed.outcome === "locked") {
          const minutes = Math.ceil(redeemed.retryAfterSeconds / 60);
          return [text(`绑定码输错太多次了，请 ${minutes} 分钟后再试。`)];
        }
        if (redeemed.outcome === "wrong") {
          return [text("绑定码不对或者已经过期了。请在小程序“我的”里重新获取绑定码。连续输错 5 次要等 15 分钟。")];
        }
        who.userId = redeemed.userId;
        ctx.user = await this.userOf(who);
        return [text("绑定成功！以后有风险提醒，我会在这里告诉您。")];
      }
      case "human": {
        const opened = await services.tickets.open({
          question: maskIdNumbersIn(session.lastUnknown ?? "（用户要求转人工）"),
          channel: who.channel,
          contactId: who.contactId,
          userId: who.userId,
          origin: who.origin,
        });
        delete session.lastUnknown;
        return [
          text(opened.created ? "已经转给工作人员了，他们会尽快联系您。" : "您的问题已经转给工作人员了，请耐心等待。"),
        ];
      }
      case "list-companions": {
        const companions = await services.companions.list(String(user._id));
        if (companions.length === 0) return [text("您还没有随行人员。回复“添加随行人员”来添加。")];
        const lines = companions.map((c, i) => `${i + 1}. ${c.nameMasked}（${c.relation}）${consentNote(c.consent)}`);
        return [text(`您的随行人员：\n${lines.join("\n")}\n要删除某一位，回复“删除随行人员 序号”。`)];
      }
      case "remove-companion": {
        const companions = await services.companions.list(String(user._id));
        const chosen = companions[Number(match[1]) - 1];
        if (!chosen) return [text("没有这个序号。回复“我的随行人员”看看序号。")];
        await services.companions.remove(String(user._id), String(chosen._id));
        return [text(`已删除随行人员：${chosen.nameMasked}。`)];
      }
      case "companion-requests": {
        const requests = await services.companions.requestsFor(String(user._id));
        if (requests.length === 0) return [text("现在没有人请求把您登记为随行人员。")];
        const lines = requests.map(
          (r, i) =>
            `${i + 1}. ${r.requestedBy} ${r.consent === "given" ? "可以带您扫码登记（您已同意）" : "想把您登记为随行人员"}（${r.relation}）`,
        );
        return [text(`${lines.join("\n")}\n同意请回复“同意随行 序号”；不同意或撤回同意，请回复“拒绝随行 序号”。`)];
      }
      case "answer-request": {
        const requests = await services.companions.requestsFor(String(user._id));
        const chosen = requests[Number(match[2]) - 1];
        if (!chosen) return [text("没有这个序号。回复“随行请求”看看序号。")];
        const accept = match[1] === "同意";
        await services.companions.answer(String(user._id), chosen.id, accept ? "accept" : "decline");
        return [
          text(accept ? `已同意 ${chosen.requestedBy} 带您一起扫码登记。` : `已拒绝 ${chosen.requestedBy} 的请求。`),
        ];
      }
      default:
        return [text(MENU)];
    }
  }

  /** Someone not signed in asked for something that acts on their account. */
  private askToSignIn(intent: string, task: string, session: ChatSession): Reply[] {
    const flow = FLOWS.find((f) => f.id === intent);
    if (flow) {
      startDialogue(session, flow);
      session.awaitingSignIn = true;
    }
    return [
      text(
        `${task}需要先登录，这样办的事记在您自己的账号下，以后在“场所码”小程序里也能看到。登录后回复“继续”，我们接着办。`,
      ),
      signIn,
    ];
  }

  private continueFlow(flow: Flow, input: string, session: ChatSession, ctx: FlowContext): Promise<Reply[]> | Reply[] {
    if (CANCEL.test(input)) {
      endDialogue(session);
      return [text(`已取消${flow.title}。需要时再叫我。`)];
    }
    if (RESUME.test(input)) return this.nextQuestion(flow, session, ctx);
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
    endDialogue(session);
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

function startDialogue(session: ChatSession, flow: Flow): void {
  session.flow = flow.id;
  session.answers = {};
  session.answered = [];
  delete session.awaitingSignIn;
}

function endDialogue(session: ChatSession): void {
  delete session.flow;
  delete session.awaitingSignIn;
  session.answers = {};
  session.answered = [];
}

function consentNote(consent: string): string {
  if (consent === "pending") return " · 等本人同意";
  if (consent === "declined") return " · 本人未同意";
  return "";
}
