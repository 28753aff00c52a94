import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import {
  AppError,
  type BotServices,
  type ChatIdentity,
  COMPANION_RELATIONS,
  type CompanionRelation,
  maskIdNumber,
  maskPhone,
  personSchema,
  qrPng,
  type Reply,
  relationIn,
  type UserDocument,
  venueFields,
} from "../../src/chat/bot-interface.js";

/** What a step sees: the services, who is talking, and their account if they have one. */
export interface FlowContext {
  services: BotServices;
  who: ChatIdentity;
  user: UserDocument | undefined;
}

/** An answer taken, a problem with it, or (`again`) a further question that is not a mistake (the full list). */
export type Parsed = { value: string } | { problem: string } | { again: string; remember?: Record<string, string> };

/** One question of a dialogue. Steps that do not apply (known real name, a taxi's address) are skipped. */
export interface Step {
  key: string;
  /** The field's name in summaries and in "修改 <名称>". */
  label: string;
  aliases: string[];
  applies?(answers: Record<string, string>, ctx: FlowContext): boolean;
  ask(answers: Record<string, string>, ctx: FlowContext): string;
  parse(input: string, ctx: FlowContext, answers: Record<string, string>): Parsed;
  show?(value: string, ctx: FlowContext): string;
  /** Whether a valid answer can be used (an identity number not already taken): the problem if not. */
  check?(value: string, answers: Record<string, string>, ctx: FlowContext): Promise<string | undefined>;
  /**
   * Run once this step is answered (real-name verification after the phone): what to tell the
   * person, or the problem and the steps to ask again.
   */
  after?(
    answers: Record<string, string>,
    ctx: FlowContext,
  ): Promise<{ say: string } | { problem: string; redo: string[] }>;
}

export interface Flow {
  id: string;
  title: string;
  steps: Step[];
  finish(answers: Record<string, string>, ctx: FlowContext): Promise<Reply[]>;
}

/**
 * Checks an answer with the API's own schema; `hint` is what a person reads when it is wrong.
 * Numbers (`compact`) are taken with spaces and dashes typed anywhere in them.
 */
function validated(schema: z.ZodType<string>, hint: string, compact = false) {
  return (input: string): Parsed => {
    const result = schema.safeParse(compact ? compactNumber(input) : input.trim());
    return result.success ? { value: result.data } : { problem: hint };
  };
}

/** Digits as typed from a Chinese keyboard: full width folded, spaces and dashes between them removed. */
export function compactNumber(input: string): string {
  return input.normalize("NFKC").replace(/[\s\-—－·.]+/g, "");
}

/** A phone with its area code's dash kept (0515-88888888), spaces anywhere removed. */
function compactPhone(input: string): string {
  const folded = input.normalize("NFKC").replace(/\s+/g, "");
  return /^0\d{2,3}-/.test(folded) ? folded : folded.replace(/-/g, "");
}

function menu(options: string[]): string {
  return options.map((option, i) => `${i + 1}. ${option}`).join("\n");
}

/** A numbered choice: the number, the option's name, or (with `aliases`) an everyday word for it. */
function choose(
  input: string,
  options: { id: string; name: string }[],
  aliases: Record<string, string[]> = {},
): string | undefined {
  const answer = input.normalize("NFKC").replace(/\s+/g, "");
  const number = Number(answer.replace(/^(选|第)|[个项号.、]$/g, ""));
  if (Number.isInteger(number) && number >= 1 && number <= options.length) return options[number - 1]?.id;
  const exact = options.find((o) => o.name === answer);
  if (exact) return exact.id;
  let best: { id: string; length: number } | undefined;
  for (const option of options) {
    for (const word of [option.name, ...(aliases[option.id] ?? [])]) {
      if (answer.includes(word) && (!best || word.length > best.length)) best = { id: option.id, length: word.length };
    }
  }
  return best?.id;
}

const CATEGORY_ALIASES: Record<string, string[]> = JSON.parse(
  readFileSync(join(import.meta.dirname, "../knowledge/category-aliases.json"), "utf8"),
);

/** The verified account holding this identity number, when it is not this person's own. */
async function heldByAnother(idNumber: string, ctx: FlowContext): Promise<boolean> {
  const { protector, users } = ctx.services;
  const holder = await users.verifiedHolderOf(protector.hash(idNumber));
  return Boolean(holder && String(holder._id) !== String(ctx.user?._id));
}

/** Real name, identity number and phone: asked only of someone without a verified account. */
const identitySteps: Step[] = [
  {
    key: "name",
    label: "姓名",
    aliases: ["姓名", "名字", "我的名字"],
    applies: (_a, ctx) => !ctx.user?.identity,
    ask: () => "先做一下实名认证（只做一次，以后不用再填）。请问您的真实姓名是？",
    parse: validated(personSchema.shape.name, "请输入身份证上的姓名，比如：王小明"),
  },
  {
    key: "idNumber",
    label: "身份证号",
    aliases: ["身份证", "身份证号", "证件号", "我的身份证"],
    applies: (_a, ctx) => !ctx.user?.identity,
    ask: () => "请输入您的18位身份证号：",
    parse: validated(personSchema.shape.idNumber, "身份证号不对，请核对后再输一次（18位，最后一位可能是X）", true),
    show: (value) => maskIdNumber(value),
    check: async (value, _a, ctx) =>
      (await heldByAnother(value, ctx))
        ? "这个身份证号已经在另一个账号上实名认证过了。如果是您本人的，请回复“转人工”，工作人员帮您处理。"
        : undefined,
  },
  {
    key: "phone",
    label: "手机号",
    aliases: ["手机", "手机号"],
    applies: (_a, ctx) => !ctx.user?.identity,
    ask: () => "请输入您的手机号：",
    parse: validated(personSchema.shape.phone, "手机号应该是11位数字，比如：13812345678", true),
    show: (value) => maskPhone(value),
    // Verified here, not at the end: the person learns at once that the real name went through.
    after: async (answers, ctx) => {
      if (!ctx.user) throw new Error("a dialogue that writes runs only for a signed-in user");
      try {
        ctx.user = await ctx.services.users.setIdentity(String(ctx.user._id), {
          name: answers.name as string,
          idNumber: answers.idNumber as string,
          phone: answers.phone as string,
        });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return { problem: `${error.userMessage}\n请重新核对姓名和身份证号。`, redo: ["name", "idNumber", "phone"] };
      }
      return { say: `实名认证通过：${ctx.user.identity?.nameMasked ?? ""}。` };
    },
  },
];

/** The categories most venues are, offered first; 其他 opens the whole list. */
const COMMON_CATEGORIES: { id: string; hint: string }[] = [
  { id: "supermarket", hint: "超市、小卖部" },
  { id: "bar-restaurant", hint: "饭店、小吃、奶茶" },
  { id: "service-venue", hint: "理发、美容、洗浴" },
  { id: "entertainment-venue", hint: "棋牌室、KTV" },
  { id: "hotel", hint: "宾馆、民宿" },
  { id: "farmers-market", hint: "菜场" },
  { id: "express-delivery-point", hint: "快递驿站" },
  { id: "factory", hint: "工厂、公司" },
];
const OTHER = /^(其他|其它|别的|都不是|看全部|全部|更多)/;
/** Every word the first menu shows beside a category is taken for it, on top of the everyday names. */
const CATEGORY_WORDS: Record<string, string[]> = Object.fromEntries(
  Object.entries(CATEGORY_ALIASES).map(([id, words]) => [
    id,
    [...words, ...(COMMON_CATEGORIES.find((c) => c.id === id)?.hint.split("、") ?? [])],
  ]),
);

/** Everyday names of the districts: 亭湖 for 亭湖区, 经开区 for the economic development zone ... */
function regionAliases(regions: { code: string; name: string }[]): Record<string, string[]> {
  const aliases: Record<string, string[]> = {};
  for (const { code, name } of regions) {
    const words = new Set<string>();
    const short = name.replace(/(区|县|市)$/, "");
    if (short.length >= 2) words.add(short);
    if (name.includes("经济技术开发区")) {
      for (const w of ["经开区", "开发区", "经济开发区", "经济技术开发区"]) words.add(w);
    }
    if (name.endsWith("高新区")) {
      words.add(name.replace(/高新区$/, ""));
      words.add("高新区");
    }
    aliases[code] = [...words];
  }
  return aliases;
}

function categoryOf(answers: Record<string, string>, ctx: FlowContext) {
  return ctx.services.reference.category(answers.categoryId ?? "");
}

export const registerVenueFlow: Flow = {
  id: "register-venue",
  title: "申领场所码",
  steps: [
    ...identitySteps,
    {
      key: "venueName",
      label: "场所名称",
      aliases: ["名称", "店名", "场所名称", "名字"],
      ask: () => "请问场所的名称是？（比如：王记理发店）",
      parse: validated(venueFields.name, "名称要2到50个字，比如：王记理发店"),
    },
    {
      key: "categoryId",
      label: "类别",
      aliases: ["类别", "类型", "行业"],
      ask: (answers, ctx) => {
        const { categories } = ctx.services.reference;
        if (answers._list === "all") {
          return `全部类别如下，回复数字或名称：\n${menu(categories.map((c) => c.name))}`;
        }
        const common = COMMON_CATEGORIES.map(
          ({ id, hint }) => `${ctx.services.reference.category(id)?.name}（${hint}）`,
        );
        return `请问是哪一类场所？回复数字，或者直接说“理发店”“饭店”这样的：\n${menu([...common, "其他（看全部类别）"])}`;
      },
      parse: (input, ctx, answers) => {
        const { categories } = ctx.services.reference;
        const all = answers._list === "all";
        const shown = all
          ? categories
          : [
              ...COMMON_CATEGORIES.map(({ id }) => ctx.services.reference.category(id) ?? { id, name: id }),
              { id: "*", name: "其他" },
            ];
        const id = choose(input, shown, CATEGORY_WORDS) ?? choose(input, categories, CATEGORY_WORDS);
        if (id === "*" || (!id && OTHER.test(input.trim()))) {
          return {
            again: `全部类别如下，回复数字或名称：\n${menu(categories.map((c) => c.name))}`,
            remember: { _list: "all" },
          };
        }
        return id
          ? { value: id }
          : { problem: `没认出是哪一类，请回复列表里的数字${all ? "" : "，或回复“其他”看全部类别"}` };
      },
      show: (value, ctx) => ctx.services.reference.category(value)?.name ?? value,
    },
    {
      key: "regionCode",
      label: "所在区域",
      aliases: ["区域", "地区", "区县", "所在区域"],
      ask: (_a, ctx) =>
        `请问在哪个区县？回复数字或名字（比如“亭湖”）：\n${menu(ctx.services.reference.regions.regions.map((r) => r.name))}`,
      parse: (input, ctx) => {
        const { regions } = ctx.services.reference.regions;
        const code = choose(
          input,
          regions.map((r) => ({ id: r.code, name: r.name })),
          regionAliases(regions),
        );
        return code ? { value: code } : { problem: "没认出是哪个区县，请回复列表里的数字或区县名字" };
      },
      show: (value, ctx) => ctx.services.reference.region(value)?.name ?? value,
    },
    {
      key: "address",
      label: "地址",
      aliases: ["地址", "位置"],
      applies: (answers, ctx) => !categoryOf(answers, ctx)?.vehicle,
      ask: () => "请输入详细地址：（比如：射阳县合德镇人民路88号）",
      parse: validated(venueFields.address, "地址要写清楚，至少4个字，比如：人民路88号"),
    },
    {
      key: "plateNumber",
      label: "车牌号",
      aliases: ["车牌", "车牌号"],
      applies: (answers, ctx) => Boolean(categoryOf(answers, ctx)?.vehicle),
      ask: () => "请输入车牌号：（比如：苏J12345）",
      parse: validated(venueFields.plateNumber as unknown as z.ZodType<string>, "车牌号格式不对，比如：苏J12345"),
    },
    {
      key: "contactPhone",
      label: "联系电话",
      aliases: ["电话", "联系电话"],
      ask: () => "请输入场所的联系电话：",
      parse: (input) =>
        validated(venueFields.contactPhone, "请输入手机号，或者带区号的座机，比如：0515-88888888")(compactPhone(input)),
    },
  ],
  async finish(answers, ctx) {
    const { venues } = ctx.services;
    const userId = await verifiedAccount(answers, ctx);
    const category = categoryOf(answers, ctx);
    const venue = await venues.register(userId, {
      name: answers.venueName as string,
      categoryId: answers.categoryId as string,
      regionCode: answers.regionCode as string,
      ...(category?.vehicle ? { plateNumber: answers.plateNumber as string } : { address: answers.address as string }),
      contactPhone: answers.contactPhone as string,
    });
    const view = venues.publicView(venue);
    const qr = await qrPng(view.url);
    return [
      {
        type: "text",
        text: `登记成功！“${view.name}”的场所码已经生成，请保存下面的二维码，打印出来贴在门口醒目的位置。`,
      },
      { type: "image", url: `data:image/png;base64,${qr.toString("base64")}` },
      {
        type: "text",
        text: `A4海报可以在这里打开打印：\n${ctx.services.config.publicBaseUrl}/api/venue-codes/${view.code}/poster`,
      },
    ];
  },
};

export const addCompanionFlow: Flow = {
  id: "add-companion",
  title: "添加随行人员",
  steps: [
    ...identitySteps,
    {
      key: "companionName",
      label: "随行人员姓名",
      aliases: ["随行人员姓名", "他的名字", "老人姓名"],
      ask: () => "请问随行人员（老人或孩子）的姓名是？",
      parse: validated(personSchema.shape.name, "请输入身份证或户口本上的姓名"),
    },
    {
      key: "companionIdNumber",
      label: "随行人员身份证号",
      aliases: ["随行人员身份证号", "他的身份证"],
      ask: () => "请输入他（她）的18位身份证号：",
      parse: validated(personSchema.shape.idNumber, "身份证号不对，请核对后再输一次（18位，最后一位可能是X）", true),
      show: (value) => maskIdNumber(value),
      check: async (value, _a, ctx) => {
        const { protector, companions } = ctx.services;
        const hash = protector.hash(value);
        if (ctx.user?.identity?.idHash === hash)
          return "这是您自己的身份证号。请输入随行人员（老人或孩子）的身份证号：";
        const existing = ctx.user ? await companions.list(String(ctx.user._id)) : [];
        if (existing.some((c) => c.idHash === hash)) {
          return "这位已经是您的随行人员了，不用再加。回复“取消”结束，或输入另一位的身份证号：";
        }
        return undefined;
      },
    },
    {
      key: "relation",
      label: "关系",
      aliases: ["关系"],
      ask: () => `他（她）是您的什么人？回复数字或直接说“奶奶”“儿子”“老伴”：\n${menu([...COMPANION_RELATIONS])}`,
      parse: (input) => {
        const id =
          choose(
            input,
            COMPANION_RELATIONS.map((r) => ({ id: r, name: r })),
          ) ?? relationIn(input.trim());
        return id ? { value: id } : { problem: "没认出是什么关系，请回复列表里的数字，或者说“儿子”“老伴”这样的" };
      },
    },
  ],
  async finish(answers, ctx) {
    const userId = await verifiedAccount(answers, ctx);
    const companion = await ctx.services.companions.add(userId, {
      name: answers.companionName as string,
      idNumber: answers.companionIdNumber as string,
      relation: answers.relation as CompanionRelation,
    });
    return [
      {
        type: "text",
        text:
          companion.consent === "pending"
            ? `已添加随行人员：${companion.nameMasked}（${companion.relation}）。他（她）有自己的实名账号，要本人在小程序或这里回复“同意随行”同意后，才能和您一起扫码登记。回复“我的随行人员”可以查看。`
            : `已添加随行人员：${companion.nameMasked}（${companion.relation}）。以后扫码时勾选他（她），就能一起登记。回复“我的随行人员”可以查看。`,
      },
    ];
  },
};

export const FLOWS: Flow[] = [registerVenueFlow, addCompanionFlow];

/**
 * The signed-in account the dialogue acts for (the engine asks to sign in before a dialogue
 * starts), verified with the real name given in the dialogue when it had none.
 */
async function verifiedAccount(answers: Record<string, string>, ctx: FlowContext): Promise<string> {
  if (!ctx.user) throw new Error("a dialogue that writes runs only for a signed-in user");
  const userId = String(ctx.user._id);
  if (!ctx.user.identity && answers.idNumber && answers.name && answers.phone) {
    ctx.user = await ctx.services.users.setIdentity(userId, {
      name: answers.name,
      idNumber: answers.idNumber,
      phone: answers.phone,
    });
  }
  return userId;
}
