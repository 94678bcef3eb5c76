/**
 * Passwords common among Chinese users that the general list of @zxcvbn-ts/language-common misses or ranks
 * low (pinyin phrases, lucky numbers, the names of this system), most common first. Taken from the published
 * top lists of the large Chinese password leaks; the estimator also finds them inside longer passwords.
 */
export const COMMON_PASSWORDS_ZH: readonly string[] = [
  'woaini1314', '5201314', 'woaini520', 'aini1314', 'woaini', '1314520', 'iloveyou1314', 'wodemima', 'mima',
  'zhongguo', 'woaiwojia', 'nihao', 'nihao123', 'caonima', 'wangyi', 'xiazhili', 'dearbook', 'qq123456',
  'qq5201314', 'a5201314', 'w123456', 'wang123456', 'zhang123456', 'li123456', 'liu123456', 'chen123456',
  '147258369', '789456123', '123654789', '110110110', '88888888', '66666666', '168168', '518518', '31415926',
  'shebao', 'shebao123', 'yanglao', 'yanglao123', 'nongbao', 'xinnongbao', 'xinnongbao123', 'nongcun', 'laonian',
  'shouguang', 'mima123456', 'admin888', 'admin666',
];
