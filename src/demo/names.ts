/**
 * Chinese personal and village names for the demo county: surnames weighted roughly as in rural
 * Shandong, given names typical of the generation a person was born in.
 */
import { DemoRandom, WeightedTable } from './random.js';

export type Sex = 'M' | 'F';

/** Surname → weight (per mille, approximate; Shandong-typical surnames such as 隋 桑 袁 邢 房 are included). */
const SURNAMES = new WeightedTable<string>([
  ['王', 92], ['李', 78], ['张', 76], ['刘', 62], ['陈', 30], ['杨', 30], ['赵', 28], ['黄', 12],
  ['周', 14], ['吴', 12], ['徐', 18], ['孙', 34], ['马', 22], ['朱', 12], ['胡', 10], ['郭', 18],
  ['何', 6], ['林', 8], ['高', 20], ['罗', 5], ['于', 22], ['袁', 14], ['崔', 12], ['桑', 8],
  ['隋', 9], ['邢', 8], ['谭', 7], ['丁', 10], ['魏', 12], ['韩', 14], ['宋', 14], ['郑', 9],
  ['曹', 10], ['杜', 8], ['冯', 8], ['房', 6], ['葛', 6], ['田', 10], ['董', 10], ['任', 7],
  ['秦', 6], ['吕', 7], ['姜', 9], ['范', 6], ['彭', 4], ['侯', 7], ['贾', 6], ['齐', 5],
  ['刁', 4], ['常', 5], ['付', 5], ['蔡', 4], ['单', 4], ['宫', 4],
  ['纪', 5], ['薛', 5], ['尹', 4], ['牟', 3], ['国', 3], ['闫', 4], ['许', 6], ['石', 6],
]);

/** Birth cohorts; each has its own typical given names. */
type Cohort = 0 | 1 | 2 | 3 | 4;
function cohortOf(birthYear: number): Cohort {
  if (birthYear < 1950) return 0;
  if (birthYear < 1970) return 1;
  if (birthYear < 1990) return 2;
  if (birthYear < 2005) return 3;
  return 4;
}

interface CohortNames {
  /** Whole given names (one or two characters). */
  readonly whole: readonly string[];
  /** Characters combined pairwise for more variety: first × second. */
  readonly first: readonly string[];
  readonly second: readonly string[];
}

const MALE: readonly CohortNames[] = [
  {
    whole: ['德福', '长生', '富贵', '玉山', '树林', '金生', '宝山', '永福', '庆云', '振东', '洪', '福', '德', '清', '顺'],
    first: ['德', '福', '玉', '树', '金', '宝', '永', '庆', '振', '长', '春', '连', '兆', '传'],
    second: ['福', '山', '林', '生', '贵', '田', '祥', '顺', '成', '和', '亭', '堂', '友', '海'],
  },
  {
    whole: ['建国', '建军', '国庆', '卫东', '红旗', '爱国', '志强', '建华', '国华', '振国', '胜利', '卫国', '军', '红', '兵'],
    first: ['建', '国', '卫', '红', '爱', '志', '振', '胜', '跃', '学', '立', '洪', '文', '明'],
    second: ['国', '军', '东', '华', '民', '强', '平', '林', '成', '忠', '利', '刚', '新', '武'],
  },
  {
    whole: ['伟', '强', '磊', '军', '勇', '涛', '斌', '刚', '明', '海涛', '建伟', '志刚', '国强', '海波', '立新', '晓东', '洪涛', '永刚'],
    first: ['海', '建', '志', '国', '晓', '永', '立', '金', '新', '春', '学', '庆', '兆', '宝'],
    second: ['涛', '伟', '刚', '强', '波', '东', '峰', '亮', '军', '华', '明', '杰', '勇', '鹏'],
  },
  {
    whole: ['鹏', '浩', '杰', '超', '鑫', '帅', '凯', '宇', '晨', '家豪', '俊杰', '志伟', '文博', '明轩', '子豪', '鹏飞'],
    first: ['家', '俊', '志', '文', '明', '鹏', '浩', '子', '宏', '嘉', '振', '佳', '天', '晓'],
    second: ['豪', '杰', '伟', '博', '轩', '飞', '宇', '磊', '鑫', '龙', '涛', '强', '凯', '超'],
  },
  {
    whole: ['浩然', '子轩', '宇轩', '梓豪', '浩宇', '一鸣', '俊熙', '子墨', '沐阳', '宇航', '皓轩', '博文', '睿', '航'],
    first: ['浩', '子', '宇', '梓', '一', '俊', '沐', '皓', '博', '睿', '铭', '奕', '锦', '昊'],
    second: ['然', '轩', '豪', '宇', '鸣', '熙', '墨', '阳', '航', '文', '泽', '辰', '宸', '霖'],
  },
];

const FEMALE: readonly CohortNames[] = [
  {
    whole: ['秀英', '桂兰', '玉兰', '秀兰', '凤英', '淑珍', '桂英', '玉珍', '秀珍', '兰英', '桂芳', '翠花'],
    first: ['秀', '桂', '玉', '凤', '淑', '兰', '翠', '金', '素', '春', '美', '月', '香', '荣'],
    second: ['英', '兰', '珍', '芳', '花', '芝', '香', '云', '荣', '凤', '梅', '琴', '莲', '贞'],
  },
  {
    whole: ['秀梅', '红梅', '桂芝', '淑兰', '凤兰', '素芳', '玉梅', '丽华', '建英', '春华', '秀云', '红英', '霞', '萍'],
    first: ['秀', '红', '桂', '淑', '凤', '素', '玉', '丽', '建', '春', '爱', '美', '金', '学'],
    second: ['梅', '英', '芝', '兰', '芳', '华', '云', '霞', '萍', '荣', '琴', '玲', '珍', '香'],
  },
  {
    whole: ['丽', '静', '敏', '燕', '艳', '霞', '娟', '丽娟', '海燕', '晓燕', '红霞', '春燕', '美玲', '丽丽', '芳'],
    first: ['丽', '海', '晓', '红', '春', '美', '秀', '金', '玉', '艳', '翠', '桂', '冬', '雪'],
    second: ['娟', '燕', '霞', '玲', '丽', '红', '芳', '梅', '萍', '敏', '静', '华', '艳', '莉'],
  },
  {
    whole: ['婷婷', '雪', '倩', '悦', '欣', '佳怡', '晓雪', '文静', '雨欣', '梦瑶', '思琪', '丹丹', '璐', '颖'],
    first: ['婷', '晓', '文', '雨', '梦', '思', '佳', '欣', '雪', '丹', '美', '慧', '静', '诗'],
    second: ['婷', '雪', '静', '欣', '瑶', '琪', '怡', '丹', '悦', '颖', '倩', '璐', '洁', '蕾'],
  },
  {
    whole: ['子涵', '欣怡', '梓涵', '一诺', '梓萱', '语桐', '可馨', '诗涵', '雨桐', '思彤', '依诺', '若汐', '悦'],
    first: ['子', '欣', '梓', '一', '语', '可', '诗', '雨', '思', '依', '若', '芷', '紫', '沐'],
    second: ['涵', '怡', '萱', '诺', '桐', '馨', '彤', '汐', '琪', '晴', '妍', '菲', '瑶', '熙'],
  },
];

export function drawSurname(random: DemoRandom): string {
  return SURNAMES.draw(random);
}

/** A given name typical of the person's sex and birth year. */
export function drawGivenName(random: DemoRandom, sex: Sex, birthYear: number): string {
  const names = (sex === 'M' ? MALE : FEMALE)[cohortOf(birthYear)]!;
  if (random.chance(0.45)) return random.pick(names.whole);
  return random.pick(names.first) + random.pick(names.second);
}

/** Place words for village names: 王家庄村, 孙家集村 (surname-based) and 东河头村, 北洛村, 前营村 (descriptive). */
const LINEAGE_SUFFIXES = ['庄', '集', '营', '屯', '洼', '河', '埠', '楼', '店', '坞', '岭', '官庄', '庄子', '桥', '台'];
const DIRECTIONS = ['东', '西', '南', '北', '前', '后', '大', '小', '上', '中', '新'];
const PLACE_STEMS = ['河头', '洛', '营', '店', '辛', '寨', '崖头', '官庄', '楼', '桥', '台', '埠', '疃', '岔河', '里', '王', '刘', '张', '李', '孙', '石桥', '水码头', '柳'];

/** A village name not in `taken` (the names already used in the same township). */
export function drawVillageName(random: DemoRandom, taken: ReadonlySet<string>): string {
  for (let attempt = 0; ; attempt++) {
    let name: string;
    const style = random.next();
    if (style < 0.5) name = `${drawSurname(random)}家${random.pick(LINEAGE_SUFFIXES)}村`;
    else if (style < 0.85) name = `${random.pick(DIRECTIONS)}${random.pick(PLACE_STEMS)}村`;
    else name = `${drawSurname(random)}${random.pick(['官庄', '家', '营', '埠', '辛', '楼'])}村`;
    if (!taken.has(name)) return name;
    // Thousands of combinations exist; a township never holds enough villages to exhaust them.
    if (attempt > 10_000) throw new RangeError('village names exhausted');
  }
}
