/**
 * The 31 provincial-level divisions (GB/T 2260 two-digit codes) and the east/central/west region that
 * decides the central-finance share of the basic pension (国发〔2009〕32号 §四(三): full for central and
 * western provinces, 50% for eastern ones). Classification as in the 7th Five-Year Plan / central
 * finance practice: 11 eastern, 8 central, 12 western.
 */
import type { EconomicRegion } from './types.js';

export interface Province {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly region: EconomicRegion;
}

export const PROVINCES: readonly Province[] = [
  { code: '11', name: '北京市', nameEn: 'Beijing', region: 'east' },
  { code: '12', name: '天津市', nameEn: 'Tianjin', region: 'east' },
  { code: '13', name: '河北省', nameEn: 'Hebei', region: 'east' },
  { code: '14', name: '山西省', nameEn: 'Shanxi', region: 'central' },
  { code: '15', name: '内蒙古自治区', nameEn: 'Inner Mongolia', region: 'west' },
  { code: '21', name: '辽宁省', nameEn: 'Liaoning', region: 'east' },
  { code: '22', name: '吉林省', nameEn: 'Jilin', region: 'central' },
  { code: '23', name: '黑龙江省', nameEn: 'Heilongjiang', region: 'central' },
  { code: '31', name: '上海市', nameEn: 'Shanghai', region: 'east' },
  { code: '32', name: '江苏省', nameEn: 'Jiangsu', region: 'east' },
  { code: '33', name: '浙江省', nameEn: 'Zhejiang', region: 'east' },
  { code: '34', name: '安徽省', nameEn: 'Anhui', region: 'central' },
  { code: '35', name: '福建省', nameEn: 'Fujian', region: 'east' },
  { code: '36', name: '江西省', nameEn: 'Jiangxi', region: 'central' },
  { code: '37', name: '山东省', nameEn: 'Shandong', region: 'east' },
  { code: '41', name: '河南省', nameEn: 'Henan', region: 'central' },
  { code: '42', name: '湖北省', nameEn: 'Hubei', region: 'central' },
  { code: '43', name: '湖南省', nameEn: 'Hunan', region: 'central' },
  { code: '44', name: '广东省', nameEn: 'Guangdong', region: 'east' },
  { code: '45', name: '广西壮族自治区', nameEn: 'Guangxi', region: 'west' },
  { code: '46', name: '海南省', nameEn: 'Hainan', region: 'east' },
  { code: '50', name: '重庆市', nameEn: 'Chongqing', region: 'west' },
  { code: '51', name: '四川省', nameEn: 'Sichuan', region: 'west' },
  { code: '52', name: '贵州省', nameEn: 'Guizhou', region: 'west' },
  { code: '53', name: '云南省', nameEn: 'Yunnan', region: 'west' },
  { code: '54', name: '西藏自治区', nameEn: 'Tibet', region: 'west' },
  { code: '61', name: '陕西省', nameEn: 'Shaanxi', region: 'west' },
  { code: '62', name: '甘肃省', nameEn: 'Gansu', region: 'west' },
  { code: '63', name: '青海省', nameEn: 'Qinghai', region: 'west' },
  { code: '64', name: '宁夏回族自治区', nameEn: 'Ningxia', region: 'west' },
  { code: '65', name: '新疆维吾尔自治区', nameEn: 'Xinjiang', region: 'west' },
];

const BY_CODE: ReadonlyMap<string, Province> = new Map(PROVINCES.map((p) => [p.code, p]));

/** The province for a 2-digit code, or for any longer region code (county `370783`, village 12 digits). */
export function provinceOf(regionCode: string): Province | undefined {
  return BY_CODE.get(regionCode.slice(0, 2));
}
