import {
  AppError,
  type BotServices,
  type ChatEngine,
  type ChatIdentity,
  maskPersonalNumbersIn,
  type Reply,
  signIn,
  text,
  type UserDocument,
} from "../../src/chat/bot-interface.js";
import type { FaqMatcher } from "../faq/matcher.js";
import { FLOWS, type Flow, type FlowContext, type Step } from "./flows.js";
import type { ChatSession, ChatSessions } from "./sessions.js";

const YES_WORD =
  /^(确认|确定|确认无误|无误|是|是的|对|对的|对对|好|好的|好嘞|行|可以|可以的|提交|没问题|没错|嗯|嗯嗯|1|ok|yes|y)$/i;

/** A yes in everyday words, alone or several together: "确认", "对的 确认", "嗯嗯 对的", "确认无误". */
function saysYes(input: string): boolean {
  const words = input
    .normalize("NFKC")
    .split(/[\s,，。.!！~、]+/)
    .filter(Boolean);
  return words.length > 0 && words.every((word) => YES_WORD.test(word));
}
const CANCEL = /^(取消|不办了|算了|退出|结束|不要了|不弄了|不加了|不申请了|不登记了|不用了|取消吧|算了吧)$/;
/** "Later": the dialogue waits, its answers kept, until 继续. */
const PAUSE =
  /(等会|等一会|等下|等一下|过会|晚点|稍后|回头再|待会|改天|明天再|先不弄|先不办|先不加|先不填|先不申|暂停|先放)/;
const BACK = /^(上一步|返回|后退|退回|回上一步)$/;
const EDIT = /^(?:修改|改)\s*(.+)$/;
const RESUME = /^(继续|接着办|接着弄|接着来|好了|登录好了|已登录|我回来了)$/;
const HELP = /^(菜单|帮助|help|帮帮我|怎么弄|不会弄|不懂|看不懂|[?？]+)$/i;
const HUMAN = /^(?:我要|我想|请|帮我)?(?:转人工|人工|人工客服|找人工|真人|客服)$/;
/** 转人工 with the question in the same message: "转人工 我店名写错了…", "我要转人工，…". */
const HUMAN_WITH_QUESTION = /^(?:我要|我想|请|帮我)?(?:转人工|找人工|人工客服)[\s,，。.:：、!！]*(\S[\s\S]*)$/;
/** Whether a message asks for a person (转人工), and the question sent with it if any ("" for none). */
function humanAsked(input: string): string | undefined {
  if (HUMAN.test(input)) return "";
  return HUMAN_WITH_QUESTION.exec(input)?.[1];
}

/** Invalid answers in a row after which help and 转人工 are offered. */
export const MISSES_BEFORE_HELP = 3;

/**
 * A message that asks about something rather than answering or commanding: "办个码要钱吗" is a
 * question about registering, "我要申领" is the command, "王小明" an answer.
 */
export function asksAbout(input: string): boolean {
  return /[?？]|吗|嘛$|么$|呢$|要不要|需不需要|用不用|是不是|能不能|可不可以|会不会|算不算|有没有|怎么|咋|如何|为什么|为啥|干嘛|多少|多久|多长|哪些|哪里|哪儿|什么|啥|安全|收费|要钱|问一下|问下|请问|想问/.test(
    input,
  );
}

/** Messages one conversation, and one address, may send in a minute. */
export const MESSAGES_PER_MINUTE = 30;
export const MESSAGES_PER_ADDRESS_PER_MINUTE = 120;

/** Words that start a dialogue or run a command, tried before the question-answering. */
const INTENTS: { pattern: RegExp; intent: string }[] = [
  { pattern: /^绑定\s*(\d{6})$/, intent: "bind" },
  { pattern: HUMAN, intent: "human" },
  { pattern: HUMAN_WITH_QUESTION, intent: "human" },
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
  { pattern: /^(菜单|帮助|你好|您好|在吗|hi|hello|开始|help)$/i, intent: "menu" },
];

/** The topic whose question an owner's own figures answer ("这个礼拜有多少人在我店里扫过码"). */
const OWNER_COUNTS = "owner-scan-counts";

/** Commands that start a dialogue: a question about them ("申领要钱吗") is answered instead. */
const STARTS_DIALOGUE = new Set(["register-venue", "add-companion"]);

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
    // Full-width digits and letters (common from Chinese keyboards) read as ordinary ones.
    const input = message.normalize("NFKC").trim().slice(0, 500);
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
    if (flow && !session.paused) return this.continueFlow(flow, input, session, ctx);
    if (flow && session.paused) {
      if (RESUME.test(input)) {
        delete session.paused;
        return [text(`好的，我们接着${flow.title}。`), ...this.nextQuestion(flow, session, ctx)];
      }
      if (CANCEL.test(input)) {
        endDialogue(session);
        return [text(`已取消${flow.title}。需要时再叫我。`)];
      }
    }

    const offered = session.choices;
    delete session.choices;
    const chosen = offered?.[Number(input) - 1];
    if (chosen) return [text(this.faq.answer(chosen) ?? MENU)];

    const question = asksAbout(input);
    for (const { pattern, intent } of INTENTS) {
      const match = pattern.exec(input);
      if (match && !(question && STARTS_DIALOGUE.has(intent))) return this.runIntent(intent, match, session, ctx);
    }
    const answer = this.faq.match(input);
    if (answer.choices) {
      // Unsure between two topics: one short question rather than a wrong answer.
      session.choices = answer.choices.map((c) => c.id);
      const lines = answer.choices.map((c, i) => `${i + 1}. ${c.title}`);
      return [text(`您是想问哪一个？\n${lines.join("\n")}\n回复数字就好。`)];
    }
    session.lastQuestion = maskPersonalNumbersIn(input);
    if (answer.topic === OWNER_COUNTS && ctx.user) return this.ownerCounts(ctx.user, answer.answer as string);
    if (answer.answer) return [text(answer.answer)];
    const waiting = flow && session.paused ? `\n您的“${flow.title}”还没办完，回复“继续”接着办。` : "";
    return [text(`这个问题我还不会回答。回复“转人工”，我请工作人员来回答。\n${MENU}${waiting}`)];
  }

  /** A dialogue begun before signing in: it starts once the person has signed in. */
  private async awaitSignIn(flow: Flow, input: string, session: ChatSession, ctx: FlowContext): Promise<Reply[]> {
    if (CANCEL.test(input)) {
      endDialogue(session);
      return [text(`已取消${flow.title}。需要时再叫我。`)];
    }
    const asked = humanAsked(input);
    if (asked !== undefined) {
      return [text(await this.handOver(session, ctx, `（${flow.title}前要求转人工）`, asked))];
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
      case "menu": {
        const flow = FLOWS.find((f) => f.id === session.flow);
        return [text(flow && session.paused ? `${MENU}\n您的“${flow.title}”还没办完，回复“继续”接着办。` : MENU)];
      }
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
      case "human":
        return [text(await this.handOver(session, ctx, "（用户要求转人工）", match[1]))];
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

  /** A signed-in owner asking how many scanned: their venues' counts; anyone else, the general answer. */
  private async ownerCounts(user: UserDocument, general: string): Promise<Reply[]> {
    const venues = await this.services.stats.forOwner(String(user._id));
    if (venues.length === 0) {
      // The general answer starts "登录后…": this person is signed in already.
      return [text(`您的账号下还没有自己申领的场所。${general.replace(/^登录后/, "申领以后，")}`)];
    }
    const lines = venues.map((v) => `${v.name}：今天 ${v.today} 人次，本周（周一起）${v.thisWeek} 人次`);
    return [
      text(
        `您的场所扫码登记人数：\n${lines.join("\n")}\n随行人员和无手机入场登记的也算在内。小程序“我的场所”里也能看这两个数，实时进店名单在“无手机入场”页。`,
      ),
    ];
  }

  /**
   * Opens a ticket for a person to answer, and says so. The ticket carries what was asked: the
   * question sent with 转人工, else the last question of this conversation (answered or not: an
   * answer may itself say "回复转人工" for what only staff can do), else `instead`.
   */
  private async handOver(
    session: ChatSession,
    { who, services }: FlowContext,
    instead: string,
    asked?: string,
  ): Promise<string> {
    const opened = await services.tickets.open({
      question: maskPersonalNumbersIn(asked?.trim() || session.lastQuestion || instead),
      channel: who.channel,
      contactId: who.contactId,
      userId: who.userId,
      origin: who.origin,
    });
    delete session.lastQuestion;
    return opened.created ? "已经转给工作人员了，他们会尽快联系您。" : "您的问题已经转给工作人员了，请耐心等待。";
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

  private async continueFlow(flow: Flow, input: string, session: ChatSession, ctx: FlowContext): Promise<Reply[]> {
    if (PAUSE.test(input) && input.length <= 12) {
      session.paused = true;
      return [
        text(
          `好的，先放一放。您填好的内容我保留30分钟，回来回复“继续”就接着${flow.title}；回复“取消”就不办了。这期间有问题也可以直接问我。`,
        ),
      ];
    }
    if (CANCEL.test(input)) {
      endDialogue(session);
      return [text(`已取消${flow.title}。需要时再叫我。`)];
    }
    const asked = humanAsked(input);
    if (asked !== undefined) {
      const said = await this.handOver(session, ctx, `（${flow.title}时要求转人工）`, asked);
      session.paused = true;
      return [text(`${said}\n您的“${flow.title}”先放着，回复“继续”可以接着办。`)];
    }
    if (HELP.test(input)) return [text(this.whereYouAre(flow, session, ctx))];
    if (RESUME.test(input)) return this.nextQuestion(flow, session, ctx);
    if (BACK.test(input)) {
      const previous = session.answered.pop();
      if (previous) delete session.answers[previous];
      return this.nextQuestion(flow, session, ctx);
    }
    const edit = EDIT.exec(input);
    if (edit) {
      const step = flow.steps.find((s) => s.label === edit[1]?.trim() || s.aliases.includes(edit[1]?.trim() ?? ""));
      if (!step || !this.applies(step, session, ctx))
        return [text(`可以修改的有：${this.editable(flow, session, ctx)}`)];
      delete session.answers[step.key];
      session.answered = session.answered.filter((key) => key !== step.key);
      return this.nextQuestion(flow, session, ctx);
    }
    const other = INTENTS.find(({ pattern, intent }) => STARTS_DIALOGUE.has(intent) && pattern.test(input));
    if (other && !asksAbout(input)) {
      // Another dialogue asked for: not an answer to this one's question.
      const title = FLOWS.find((f) => f.id === other.intent)?.title ?? "";
      const already = other.intent === flow.id ? `我们正在${flow.title}。` : `您正在${flow.title}，还没办完。`;
      const next =
        other.intent === flow.id
          ? "重新开始请先回复“取消”。"
          : `要先${title}，请回复“等会再弄”把这件放一放，或回复“取消”不办了。`;
      return [text(`${already}${next}`), ...this.nextQuestion(flow, session, ctx)];
    }
    const step = this.pending(flow, session, ctx);
    if (!step && saysYes(input)) return this.finish(flow, session, ctx);
    // A question in the middle of a dialogue is answered, and the dialogue goes on where it was.
    if (asksAbout(input) || !step) {
      const answer = this.faq.match(input);
      const again = step ? step.ask(session.answers, ctx) : this.summaryPrompt(flow, session, ctx);
      if (asksAbout(input)) session.lastQuestion = maskPersonalNumbersIn(input);
      if (answer.answer) return [text(answer.answer), text(`我们接着${flow.title}。${again}`)];
      if (asksAbout(input)) {
        return this.missed(session, `这个问题我还不会回答，回复“转人工”可以问工作人员。\n${again}`);
      }
    }
    if (!step) return this.missed(session, this.summaryPrompt(flow, session, ctx));
    const parsed = step.parse(input, ctx, session.answers);
    if ("again" in parsed) {
      Object.assign(session.answers, parsed.remember ?? {});
      return [text(parsed.again)];
    }
    if ("problem" in parsed) return this.missed(session, `${parsed.problem}\n${step.ask(session.answers, ctx)}`);
    const unavailable = await step.check?.(parsed.value, session.answers, ctx);
    if (unavailable) return this.missed(session, unavailable);
    session.answers[step.key] = parsed.value;
    session.answered.push(step.key);
    delete session.misses;
    for (const key of Object.keys(session.answers)) if (key.startsWith("_")) delete session.answers[key];
    const said: Reply[] = [];
    const after = await step.after?.(session.answers, ctx);
    if (after && "problem" in after) {
      for (const key of after.redo) delete session.answers[key];
      session.answered = session.answered.filter((key) => !after.redo.includes(key));
      said.push(text(after.problem));
    } else if (after) said.push(text(after.say));
    // A changed category can make an answered address (or plate) no longer apply; a verified real
    // name makes the identity answers unneeded, and they are not kept.
    for (const other of flow.steps) {
      if (!this.applies(other, session, ctx) && session.answers[other.key] !== undefined) {
        delete session.answers[other.key];
        session.answered = session.answered.filter((key) => key !== other.key);
      }
    }
    return [...said, ...this.nextQuestion(flow, session, ctx)];
  }

  /** An answer the step could not take: the problem, and after a few in a row, help and 转人工. */
  private missed(session: ChatSession, problem: string): Reply[] {
    session.misses = (session.misses ?? 0) + 1;
    if (session.misses < MISSES_BEFORE_HELP) return [text(problem)];
    return [
      text(problem),
      text("好像不太顺利，别着急。回复“菜单”看看怎么填，回复“转人工”请工作人员帮您，或者回复“等会再弄”先放一放。"),
    ];
  }

  /** 菜单/帮助 inside a dialogue: where the person is, and what they can say. */
  private whereYouAre(flow: Flow, session: ChatSession, ctx: FlowContext): string {
    const steps = this.applicable(flow, session, ctx);
    const step = this.pending(flow, session, ctx);
    const position = step ? `第 ${steps.indexOf(step) + 1} 步，共 ${steps.length} 步` : "都填好了，等您确认";
    return [
      `您正在${flow.title}（${position}）。`,
      step ? `现在的问题：${step.ask(session.answers, ctx).split("\n")[0]}` : "回复“确认”就提交。",
      "您可以回复：",
      "· 直接回答问题",
      "· 上一步：回到上一个问题",
      `· 修改 + 名称：改填好的（${this.editable(flow, session, ctx)}）`,
      "· 等会再弄：先放一放，回来回复“继续”",
      "· 取消：不办了",
      "· 转人工：请工作人员帮忙",
    ].join("\n");
  }

  /** The fields of this dialogue that can be changed, by the names "修改" takes. */
  private editable(flow: Flow, session: ChatSession, ctx: FlowContext): string {
    return this.applicable(flow, session, ctx)
      .map((s) => s.label)
      .join("、");
  }

  private summaryPrompt(flow: Flow, session: ChatSession, ctx: FlowContext): string {
    const first = this.applicable(flow, session, ctx)[0]?.label ?? "";
    return `没问题请回复“确认”；要改哪一项就回复“修改 ${first}”这样的（可以改：${this.editable(flow, session, ctx)}），或回复“取消”。`;
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
    return [text(`请核对：\n${lines.join("\n")}\n${this.summaryPrompt(flow, session, ctx)}`)];
  }
}

function startDialogue(session: ChatSession, flow: Flow): void {
  session.flow = flow.id;
  session.answers = {};
  session.answered = [];
  delete session.awaitingSignIn;
  delete session.paused;
  delete session.misses;
}

function endDialogue(session: ChatSession): void {
  delete session.flow;
  delete session.paused;
  delete session.misses;
  delete session.awaitingSignIn;
  session.answers = {};
  session.answered = [];
}

function consentNote(consent: string): string {
  if (consent === "pending") return " · 等本人同意";
  if (consent === "declined") return " · 本人未同意";
  return "";
}
