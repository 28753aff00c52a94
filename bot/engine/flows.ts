import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import {
  type BotServices,
  type ChatIdentity,
  COMPANION_RELATIONS,
  type CompanionRelation,
  maskIdNumber,
  maskPhone,
  personSchema,
  qrPng,
  type Reply,
  type UserDocument,
  venueFields,
} from "../../src/chat/bot-interface.js";

/** What a step sees: the services, who is talking, and their account if they have one. */
export interface FlowContext {
  services: BotServices;
  who: ChatIdentity;
  user: UserDocument | undefined;
}

export type Parsed = { value: string } | { problem: string };

/** One question of a dialogue. Steps that do not apply (known real name, a taxi's address) are skipped. */
export interface Step {
  key: string;
  /** The field's name in summaries and in "修改 <名称>". */
  label: string;
  aliases: string[];
  applies?(answers: Record<string, string>, ctx: FlowContext): boolean;
  ask(answers: Record<string, string>, ctx: FlowContext): string;
  parse(input: string, ctx: FlowContext): Parsed;
  show?(value: string, ctx: FlowContext): string;
}

export interface Flow {
  id: string;
  title: string;
  steps: Step[];
  finish(answers: Record<string, string>, ctx: FlowContext): Promise<Reply[]>;
}

/** Checks an answer with the API's own schema; `hint` is what a person reads when it is wrong. */
function validated(schema: z.ZodType<string>, hint: string) {
  return (input: string): Parsed => {
    const result = schema.safeParse(input.trim());
    return result.success ? { value: result.data } : { problem: hint };
  };
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
  const answer = input.trim();
  const number = Number(answer.replace(/^第|[个项号.、]$/g, ""));
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

const RELATION_WORDS: Record<string, string[]> = {
  父亲: ["爸爸", "爸", "老爸", "父亲"],
  母亲: ["妈妈", "妈", "老妈", "母亲"],
  爷爷: ["爷爷", "祖父"],
  奶奶: ["奶奶", "祖母"],
  外公: ["外公", "姥爷"],
  外婆: ["外婆", "姥姥"],
  配偶: ["老婆", "老公", "爱人", "妻子", "丈夫", "媳妇"],
  子女: ["儿子", "女儿", "孩子", "小孩"],
  孙辈: ["孙子", "孙女", "外孙", "外孙女"],
  亲属: ["亲戚", "亲属"],
  朋友: ["朋友", "邻居"],
  其他: ["其他", "其它"],
};

/** Real name, identity number and phone: asked only of someone without a verified account. */
const identitySteps: Step[] = [
  {
    key: "name",
    label: "姓名",
    aliases: ["姓名", "名字"],
    applies: (_a, ctx) => !ctx.user?.identity,
    ask: () => "先做一下实名认证。请问您的真实姓名是？",
    parse: validated(personSchema.shape.name, "请输入身份证上的姓名，比如：王小明"),
  },
  {
    key: "idNumber",
    label: "身份证号",
    aliases: ["身份证", "身份证号", "证件号"],
    applies: (_a, ctx) => !ctx.user?.identity,
    ask: () => "请输入您的18位身份证号：",
    parse: validated(personSchema.shape.idNumber, "身份证号不对，请核对后再输一次（18位，最后一位可能是X）"),
    show: (value) => maskIdNumber(value),
  },
  {
    key: "phone",
    label: "手机号",
    aliases: ["手机", "手机号"],
    applies: (_a, ctx) => !ctx.user?.identity,
    ask: () => "请输入您的手机号：",
    parse: validated(personSchema.shape.phone, "手机号应该是11位数字，比如：13812345678"),
    show: (value) => maskPhone(value),
  },
];

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
      ask: (_a, ctx) =>
        `请问是哪一类场所？回复数字，或者直接说“理发店”“饭店”这样的：\n${menu(ctx.services.reference.categories.map((c) => c.name))}`,
      parse: (input, ctx) => {
        const id = choose(input, ctx.services.reference.categories, CATEGORY_ALIASES);
        return id ? { value: id } : { problem: "没认出是哪一类，请回复1到24的数字" };
      },
      show: (value, ctx) => ctx.services.reference.category(value)?.name ?? value,
    },
    {
      key: "regionCode",
      label: "所在区域",
      aliases: ["区域", "地区", "区县", "所在区域"],
      ask: (_a, ctx) =>
        `请问在哪个区县？回复数字：\n${menu(ctx.services.reference.regions.regions.map((r) => r.name))}`,
      parse: (input, ctx) => {
        const code = choose(
          input,
          ctx.services.reference.regions.regions.map((r) => ({ id: r.code, name: r.name })),
        );
        return code ? { value: code } : { problem: "请回复列表里的数字" };
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
      parse: validated(venueFields.contactPhone, "请输入手机号，或者带区号的座机，比如：0515-88888888"),
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
      parse: validated(personSchema.shape.idNumber, "身份证号不对，请核对后再输一次（18位，最后一位可能是X）"),
      show: (value) => maskIdNumber(value),
    },
    {
      key: "relation",
      label: "关系",
      aliases: ["关系"],
      ask: () => `他（她）是您的什么人？回复数字或直接说“奶奶”“儿子”：\n${menu([...COMPANION_RELATIONS])}`,
      parse: (input) => {
        const id = choose(
          input,
          COMPANION_RELATIONS.map((r) => ({ id: r, name: r })),
          RELATION_WORDS,
        );
        return id ? { value: id } : { problem: "请回复列表里的数字" };
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
        text: `已添加随行人员：${companion.nameMasked}（${companion.relation}）。以后扫码时勾选他（她），就能一起登记。回复“我的随行人员”可以查看。`,
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
