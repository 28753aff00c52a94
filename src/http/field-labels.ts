/**
 * The Chinese name of every field a route accepts, and what it expects, in words for the person
 * filling the form. A refused request's `userMessage` is built from these ("手机号：请填写11位手机号码"),
 * so it always names the field. One definition: a route that uses a field name in another sense
 * (a venue's `name`, the invitation's `code`) declares its own entry in its contract
 * (`fieldLabels`), merged over these. test/validation-messages.test.ts fails on a route field
 * without a label.
 */
export interface FieldLabel {
  /** What the form calls the field: 手机号. */
  label: string;
  /** What is expected, as a request to the person: 请填写11位手机号码. */
  expected: string;
}

export type FieldLabels = Readonly<Record<string, FieldLabel>>;

const DATE_TIME = "请填写有效的日期和时间";

export const FIELD_LABELS: FieldLabels = {
  // People
  name: { label: "姓名", expected: "请填写与身份证一致的姓名（2至20个汉字）" },
  idNumber: { label: "身份证号", expected: "请填写18位居民身份证号码，并核对最后一位" },
  phone: { label: "手机号", expected: "请填写11位手机号码" },
  relation: { label: "与您的关系", expected: "请从列表中选择与您的关系" },
  correctName: { label: "正确的姓名", expected: "请填写与身份证一致的姓名（2至20个汉字）" },
  correctIdNumber: { label: "正确的身份证号", expected: "请填写18位居民身份证号码，并核对最后一位" },
  note: { label: "情况说明", expected: "请用2至200个字说明情况（检查备注最多500字），不要填写身份证号" },
  reason: { label: "原因", expected: "请用2至200个字说明原因，不要填写身份证号" },
  decision: { label: "处理决定", expected: "请选择同意或拒绝" },
  // Venues
  categoryId: { label: "场所类别", expected: "请从列表中选择场所类别" },
  category: { label: "场所类别", expected: "请从列表中选择场所类别" },
  regionCode: { label: "所在区县", expected: "请从列表中选择区县" },
  region: { label: "区县", expected: "请从列表中选择区县" },
  address: { label: "详细地址", expected: "请填写4至100个字的详细地址" },
  plateNumber: { label: "车牌号", expected: "请填写车牌号，如苏J12345" },
  contactPhone: { label: "联系电话", expected: "请填写手机号，或带区号的座机（如0515-88888888）" },
  venueId: { label: "场所", expected: "请从列表中选择场所" },
  staffId: { label: "工作人员", expected: "请从名单中选择工作人员" },
  // Scans
  code: { label: "场所码", expected: "请扫描场所门口张贴的场所码" },
  companionIds: { label: "随行人员", expected: "请从您的随行人员中选择（最多10人）" },
  "companionIds.*": { label: "随行人员", expected: "请从您的随行人员中选择" },
  requestId: { label: "登记编号", expected: "请重新扫码登记" },
  // Inspections
  result: { label: "检查结果", expected: "请选择检查结果" },
  fineYuan: { label: "罚款金额", expected: "请填写0至100000之间的整数（元）；检查合格的场所不罚款" },
  rectifiedOnSite: { label: "当场整改", expected: "请选择是否当场整改" },
  // Exposures
  case: { label: "病例", expected: "请填写病例信息" },
  "case.idNumber": { label: "病例身份证号", expected: "请填写18位居民身份证号码，并核对最后一位" },
  "case.from": { label: "病例起始时间", expected: DATE_TIME },
  "case.to": { label: "病例结束时间", expected: `${DATE_TIME}，且晚于起始时间` },
  places: { label: "涉及场所", expected: "请选择1至50个场所" },
  "places.*": { label: "涉及场所", expected: "请选择场所并填写时间段" },
  "places.*.code": { label: "涉及场所的场所码", expected: "请填写场所码，或从列表中选择场所" },
  "places.*.venueId": { label: "涉及场所", expected: "请从列表中选择场所" },
  "places.*.start": { label: "到场开始时间", expected: DATE_TIME },
  "places.*.end": {
    label: "到场结束时间",
    expected: `${DATE_TIME}，晚于开始时间、不晚于现在（可晚3分钟以内），一个时段最长7天`,
  },
  estimatedStayMinutes: { label: "未签退者预计停留", expected: "请填写1至720之间的分钟数，或留空按场所类别估算" },
  riskLevel: { label: "风险等级", expected: "请选择高风险或中风险" },
  minOverlapMinutes: { label: "最短重叠时间", expected: "请填写0至600之间的分钟数（0表示停留再短也算）" },
  message: { label: "提醒内容", expected: "请填写提醒内容，不要填写身份证号" },
  color: { label: "健康码颜色", expected: "请选择绿码、黄码或红码" },
  // Officials and sign-in
  username: { label: "用户名", expected: "请填写3至32位字母、数字、点、横线或下划线" },
  password: { label: "密码", expected: "请填写密码（新建账号的密码至少12位，含6个以上不同字符）" },
  role: { label: "角色", expected: "请从列表中选择角色" },
  // Lists and statistics
  from: { label: "开始日期", expected: "请填写有效的开始日期，统计范围最长366天" },
  to: { label: "结束日期", expected: "请填写有效的结束日期，不早于开始日期，统计范围最长366天" },
  groupBy: { label: "统计方式", expected: "请选择按区县或按类别统计" },
  format: { label: "格式", expected: "请选择表格或CSV文件" },
  hours: { label: "小时数", expected: "请填写1至720之间的小时数" },
  limit: { label: "每页条数", expected: "请填写有效的条数" },
  page: { label: "页码", expected: "请填写从1开始的页码" },
  perPage: { label: "每页条数", expected: "请填写1至50之间的条数" },
  q: { label: "搜索内容", expected: "请填写场所名称、地址或车牌号的一部分（最多40字）" },
  caption: { label: "二维码下方文字", expected: "只能选择在二维码下方印场所名称" },
  idempotencyKey: { label: "发送编号", expected: "请刷新页面后重新发送" },
  before: { label: "时间", expected: DATE_TIME },
  status: { label: "状态", expected: "请从列表中选择状态" },
  // Chat and links
  sessionId: { label: "会话", expected: "请刷新页面后重试" },
  text: { label: "消息", expected: "请填写1至500个字的消息" },
  secret: { label: "登录凭证", expected: "请刷新页面后重试" },
  token: { label: "链接", expected: "请重新扫码或打开链接" },
  templateId: { label: "消息模板", expected: "请重新订阅提醒" },
  access_token: { label: "登录凭证", expected: "请重新登录" },
  id: { label: "编号", expected: "请从列表中选择" },
};

/** A field's path as the label map keys it: list positions become `*` (places.0.code → places.*.code). */
export function labelKey(path: string): string {
  return path
    .split(".")
    .map((part) => (/^\d+$/.test(part) ? "*" : part))
    .join(".");
}

/**
 * The label of the field at `path`: its own entry, else the nearest enclosing field's
 * (places.*.start, then places.*, then places); undefined for a field nobody named.
 */
export function labelOf(path: string, overrides: FieldLabels = {}): FieldLabel | undefined {
  const parts = labelKey(path).split(".");
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join(".");
    const found = overrides[key] ?? FIELD_LABELS[key];
    if (found) return found;
  }
  return undefined;
}

/** What a person reads about one refused field: 手机号：请填写11位手机号码. */
export function fieldMessage(path: string, overrides: FieldLabels = {}): string {
  if (!path) return "提交的内容不完整或有多余的项目，请刷新后重试";
  const label = labelOf(path, overrides);
  return label ? `${label.label}：${label.expected}` : "填写的内容有误，请检查后重试";
}
