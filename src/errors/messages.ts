/** Every error code the API can answer with, in both languages. `{name}` is replaced by a parameter. */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: { 'zh-CN': '输入有误：{field} {detail}', en: 'Invalid input: {field} {detail}' },
  NOT_FOUND: { 'zh-CN': '找不到请求的资源', en: 'The requested resource was not found' },
  INTERNAL: { 'zh-CN': '系统内部错误，请联系管理员（请求编号 {requestId}）', en: 'Internal error; please contact the administrator (request id {requestId})' },
  AUTH_REQUIRED: { 'zh-CN': '请先登录', en: 'Please sign in' },
  AUTH_INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  AUTH_ACCOUNT_DISABLED: { 'zh-CN': '该账号已停用，请联系系统管理员', en: 'This account is disabled; contact the system administrator' },
  AUTH_ACCOUNT_LOCKED: { 'zh-CN': '密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试', en: 'Too many wrong passwords; the account is locked, try again in {minutes} minutes' },
  SESSION_EXPIRED: { 'zh-CN': '登录已超时，请重新登录', en: 'Your session has expired; please sign in again' },
  CSRF_FAILED: { 'zh-CN': '请求校验失败，请刷新页面后重试', en: 'Request check failed; reload the page and try again' },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请 {seconds} 秒后再试', en: 'Too many requests; try again in {seconds} seconds' },
  FORBIDDEN: { 'zh-CN': '您的角色无权执行此操作', en: 'Your role may not do this' },
  REGION_OUT_OF_SCOPE: { 'zh-CN': '无权访问本辖区以外的数据（{region}）', en: 'You may not access data outside your region ({region})' },
  REGION_NOT_FOUND: { 'zh-CN': '区划 {region} 不存在', en: 'Region {region} does not exist' },
  REGION_CODE_FORMAT: { 'zh-CN': '区划代码 "{value}" 格式错误：应为 12 位数字（6 位县级代码 + 3 位乡镇 + 3 位村）', en: 'Region code "{value}" is malformed: 12 digits expected (6-digit county + 3 township + 3 village)' },
  REGION_PARENT_MISSING: { 'zh-CN': '上级区划 {parent} 不存在，也不在本次导入的文件中', en: 'Parent region {parent} exists neither in the database nor in this file' },
  REGION_NAME_EMPTY: { 'zh-CN': '区划名称不能为空，且不超过 100 字', en: 'Region name must be 1 to 100 characters' },
  REGION_DUPLICATE: { 'zh-CN': '区划代码 {value} 在文件中重复出现（第 {firstRow} 行）', en: 'Region code {value} appears twice in the file (first at row {firstRow})' },
  REGION_OTHER_COUNTY: { 'zh-CN': '区划 {value} 不属于您所在的县（{county}）', en: 'Region {value} is not in your county ({county})' },
  REGION_COUNTY_UNKNOWN: { 'zh-CN': '县级代码 {value} 不在国家区划代码表中', en: 'County code {value} is not in the national division table' },
  IMPORT_INVALID: { 'zh-CN': '文件有 {count} 处错误，未导入任何数据', en: 'The file has {count} errors; nothing was imported' },
  IMPORT_FILE_TYPE: { 'zh-CN': '只支持 .csv 或 .xlsx 文件', en: 'Only .csv or .xlsx files are accepted' },
  IMPORT_HEADER: { 'zh-CN': '文件第一行须包含列：{columns}', en: 'The first row must name the columns: {columns}' },
  IMPORT_EMPTY: { 'zh-CN': '文件中没有数据行', en: 'The file has no data rows' },
  USER_NOT_FOUND: { 'zh-CN': '用户不存在', en: 'User not found' },
  USERNAME_TAKEN: { 'zh-CN': '用户名 {username} 已被使用', en: 'Username {username} is already taken' },
  ROLE_UNKNOWN: { 'zh-CN': '未知角色 {role}', en: 'Unknown role {role}' },
  ROLE_REGION_LEVEL: { 'zh-CN': '角色“{role}”须绑定到{level}级区划', en: 'Role "{role}" must be bound to a {level}-level region' },
  PASSWORD_WEAK: { 'zh-CN': '密码至少 8 位，且须同时包含字母和数字', en: 'The password needs at least 8 characters with both letters and digits' },
  USER_SELF_DISABLE: { 'zh-CN': '不能停用自己的账号', en: 'You cannot disable your own account' },
} as const satisfies Record<string, { 'zh-CN': string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export type Language = 'zh-CN' | 'en';

/** zh-CN unless the client prefers English (explicit `en…` ahead of any `zh…`). */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function errorMessage(code: ErrorCode, language: Language, params: Record<string, unknown> = {}): string {
  return ERROR_MESSAGES[code][language].replace(/\{(\w+)\}/g, (_m, name: string) =>
    params[name] === undefined ? '' : String(params[name]),
  ).trim();
}
