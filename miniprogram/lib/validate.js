/** Checks made before sending a form, so people see what to fix at once (the server checks again). */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/**
 * A mainland resident identity number: 18 characters, a real date of birth, the ISO 7064 check character.
 * @param {unknown} value
 */
function isResidentId(value) {
  const id = String(value || "")
    .trim()
    .toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = id.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replace(/-/g, "") !== birth) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17];
}

/** @param {unknown} value */
function isMobile(value) {
  return /^1[3-9]\d{9}$/.test(String(value || "").trim());
}

/**
 * A phone that reaches a person or a shop: a mobile, or a landline with its area code (0515-88888888).
 * @param {unknown} value
 */
function isPhone(value) {
  return /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(String(value || "").trim());
}

/** @param {unknown} value */
function isPersonName(value) {
  return /^[\u4e00-\u9fa5·]{2,20}$/.test(String(value || "").trim());
}

/**
 * The problems of a person form (real name, or a companion), by field; empty when it can be sent.
 * @param {{name?: string, idNumber?: string, phone?: string}} form
 * @param {{phoneRequired?: boolean}} [options]
 */
function personProblems(form, options = {}) {
  /** @type {Record<string, string>} */
  const problems = {};
  if (!isPersonName(form.name)) problems.name = "请填写与身份证一致的中文姓名";
  if (!isResidentId(form.idNumber)) problems.idNumber = "身份证号不正确，请核对18位号码";
  if (options.phoneRequired && !isMobile(form.phone)) problems.phone = "请填写11位手机号";
  else if (form.phone && !isPhone(form.phone)) problems.phone = "请填写手机号，或带区号的座机（如0515-88888888）";
  return problems;
}

/**
 * The problems of a venue registration form, by field. A bus or taxi has a plate number instead of
 * an address (its format is the server's to judge, and it says so beside the field).
 * @param {{name?: string, categoryId?: string, regionCode?: string, address?: string, plateNumber?: string, contactPhone?: string}} form
 * @param {{vehicle?: boolean}} [options]
 */
function venueProblems(form, options = {}) {
  /** @type {Record<string, string>} */
  const problems = {};
  const name = String(form.name || "").trim();
  if (name.length < 2 || name.length > 50) problems.name = "请填写场所名称（2至50个字）";
  if (!form.categoryId) problems.categoryId = "请选择场所类别";
  if (!form.regionCode) problems.regionCode = "请选择所在区县";
  if (options.vehicle) {
    if (!String(form.plateNumber || "").trim()) problems.plateNumber = "请填写车牌号，如苏J12345";
  } else if (String(form.address || "").trim().length < 4) problems.address = "请填写详细地址";
  if (!isPhone(form.contactPhone)) problems.contactPhone = "请填写手机号，或带区号的座机（如0515-88888888）";
  return problems;
}

module.exports = { isResidentId, isMobile, isPhone, personProblems, venueProblems };
