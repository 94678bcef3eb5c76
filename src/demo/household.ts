/**
 * Rural households (户) of 1–6 people with consistent ages: the head's age is drawn first, then a
 * household shape typical of that age (young family, three generations, empty nest, widowed elder).
 * Pure: a seeded PRNG in, people out; ID numbers and phones are added by ./identity.ts.
 */
import { dayNumber, fromDayNumber, type IsoDate } from '../rules/dates.js';
import { drawGivenName, drawSurname, type Sex } from './names.js';
import { WeightedTable, type DemoRandom } from './random.js';

/** The snapshot day of the demo population: everyone is born by then, ages are counted to it. */
export const DEMO_AS_OF: IsoDate = '2024-12-31';
const AS_OF_DAY = dayNumber(DEMO_AS_OF);
const AS_OF_YEAR = Number(DEMO_AS_OF.slice(0, 4));
const YEAR_DAYS = 365.2425;
/** Households are at most this large (rural hukou households seldom hold more). */
export const MAX_HOUSEHOLD_SIZE = 6;

/** Relation to the head of household (与户主关系), as written in the hukou register. */
export type Relation = '户主' | '配偶' | '子' | '女' | '儿媳' | '父亲' | '母亲' | '孙子' | '孙女';

export interface DemoPerson {
  readonly name: string;
  readonly sex: Sex;
  readonly birthDate: IsoDate;
  readonly relation: Relation;
  /** Age in whole years on DEMO_AS_OF. */
  readonly age: number;
  /** Married into the household (spouse, daughter-in-law, mother): more often holds an ID from a neighbouring county. */
  readonly marriedIn: boolean;
}

/** Age of the head in whole years, by band; tuned so that about 30% of people are 60 or older. */
const HEAD_AGE_BANDS = new WeightedTable<readonly [number, number]>([
  [[24, 29], 2],
  [[30, 39], 10],
  [[40, 49], 19],
  [[50, 59], 24],
  [[60, 69], 23],
  [[70, 79], 15],
  [[80, 93], 7],
]);

interface Draft {
  readonly surname: string;
  readonly sex: Sex;
  readonly birthDay: number;
  readonly relation: Relation;
  readonly marriedIn: boolean;
}

/** A birth day `years` (fractional) after `day`. */
function after(day: number, years: number): number {
  return day + Math.floor(years * YEAR_DAYS);
}

/** Whole years to DEMO_AS_OF, give or take a day around the birthday: enough to shape a household. */
function ageOf(birthDay: number): number {
  return Math.floor((AS_OF_DAY - birthDay) / YEAR_DAYS);
}

export interface HouseholdOptions {
  /** Fix the head's birth month (YYYY-MM), e.g. to have someone turning 60 in every month. */
  readonly headBirthMonth?: string | undefined;
}

export function drawHousehold(random: DemoRandom, options: HouseholdOptions = {}): DemoPerson[] {
  const headBirthDay = options.headBirthMonth
    ? dayNumber(`${options.headBirthMonth}-01`) + random.int(0, 27)
    : drawBirthDayAtAge(random, HEAD_AGE_BANDS.draw(random));
  const headAge = ageOf(headBirthDay);
  const drafts = draftHousehold(random, headBirthDay, headAge).slice(0, MAX_HOUSEHOLD_SIZE);
  return drafts.map((d) => {
    const birthDate = fromDayNumber(d.birthDay);
    return {
      age: AS_OF_YEAR - Number(birthDate.slice(0, 4)) - (birthDate.slice(5) > DEMO_AS_OF.slice(5) ? 1 : 0),
      name: d.surname + drawGivenName(random, d.sex, Number(birthDate.slice(0, 4))),
      sex: d.sex,
      birthDate,
      relation: d.relation,
      marriedIn: d.marriedIn,
    };
  });
}

function drawBirthDayAtAge(random: DemoRandom, [min, max]: readonly [number, number]): number {
  return AS_OF_DAY - Math.floor((random.int(min, max) + random.next()) * YEAR_DAYS);
}

function draftHousehold(random: DemoRandom, headBirthDay: number, headAge: number): Draft[] {
  const r = random.next();
  if (headAge < 35) {
    if (r < 0.1) return [single(random, headBirthDay, 'M')];
    return family(random, headBirthDay, { maxChildren: 2, parents: 0 });
  }
  if (headAge < 55) {
    if (r < 0.06) return [single(random, headBirthDay, 'M'), ...parentsOf(random, headBirthDay, drawSurname(random), 1)];
    return family(random, headBirthDay, { maxChildren: 3, parents: random.chance(0.2) ? 2 : 0 });
  }
  if (headAge < 70) {
    if (r < 0.1) return [single(random, headBirthDay, random.chance(0.6) ? 'F' : 'M')];
    if (r < 0.5) return family(random, headBirthDay, { maxChildren: 0, parents: random.chance(0.08) ? 1 : 0 });
    if (r < 0.68) return family(random, headBirthDay, { maxChildren: 1, parents: 0, childAtHome: [18, 36] });
    return threeGenerations(random, headBirthDay, true);
  }
  if (r < 0.4) return [single(random, headBirthDay, random.chance(0.7) ? 'F' : 'M')];
  if (r < 0.85) return family(random, headBirthDay, { maxChildren: 0, parents: 0 });
  return threeGenerations(random, headBirthDay, random.chance(0.6));
}

function single(random: DemoRandom, birthDay: number, sex: Sex): Draft {
  return { surname: drawSurname(random), sex, birthDay, relation: '户主', marriedIn: false };
}

/** The wife's birth day: usually a year or three younger than her husband. */
function wifeBirthDay(random: DemoRandom, husbandBirthDay: number): number {
  return after(husbandBirthDay, random.int(-2, 6) + random.next());
}

interface FamilyShape {
  readonly maxChildren: number;
  /** How many of the head's parents live in the household (0, 1 = mother, 2 = both when alive). */
  readonly parents: 0 | 1 | 2;
  /** Only children within this age range still live at home. */
  readonly childAtHome?: readonly [number, number];
}

/** A married couple (husband as head), their children still at home, and optionally the head's parents. */
function family(random: DemoRandom, headBirthDay: number, shape: FamilyShape): Draft[] {
  const surname = drawSurname(random);
  const wifeDay = wifeBirthDay(random, headBirthDay);
  const people: Draft[] = [
    { surname, sex: 'M', birthDay: headBirthDay, relation: '户主', marriedIn: false },
    { surname: drawSurname(random), sex: 'F', birthDay: wifeDay, relation: '配偶', marriedIn: true },
  ];
  const [minAge, maxAge] = shape.childAtHome ?? [0, 27];
  for (const child of children(random, wifeDay, shape.maxChildren)) {
    const age = ageOf(child.birthDay);
    if (age < minAge || age > maxAge) continue;
    people.push({ surname, sex: child.sex, birthDay: child.birthDay, relation: child.sex === 'M' ? '子' : '女', marriedIn: false });
  }
  people.push(...parentsOf(random, headBirthDay, surname, shape.parents));
  return people;
}

/** Children born to a mother between her 21st and 38th year, two to six years apart, none after DEMO_AS_OF. */
function children(random: DemoRandom, motherBirthDay: number, max: number): { sex: Sex; birthDay: number }[] {
  if (max === 0) return [];
  const count = Math.min(max, random.chance(0.35) ? 1 : random.chance(0.85) ? 2 : 3);
  const born: { sex: Sex; birthDay: number }[] = [];
  let motherAge = 21 + random.int(0, 8) + random.next();
  for (let i = 0; i < count && motherAge < 38; i++) {
    const birthDay = after(motherBirthDay, motherAge);
    if (birthDay > AS_OF_DAY) break;
    born.push({ sex: random.chance(0.53) ? 'M' : 'F', birthDay });
    motherAge += 2 + random.int(0, 4) + random.next();
  }
  return born;
}

/** The head's father and/or mother, 22–34 years older, when still alive (nobody older than 98). */
function parentsOf(random: DemoRandom, headBirthDay: number, surname: string, parents: 0 | 1 | 2): Draft[] {
  if (parents === 0) return [];
  const fatherDay = after(headBirthDay, -(24 + random.int(0, 9) + random.next()));
  const motherDay = wifeBirthDay(random, fatherDay);
  const people: Draft[] = [];
  if (parents === 2 && ageOf(fatherDay) <= 92 && random.chance(0.7)) {
    people.push({ surname, sex: 'M', birthDay: fatherDay, relation: '父亲', marriedIn: false });
  }
  if (ageOf(motherDay) <= 98) {
    people.push({ surname: drawSurname(random), sex: 'F', birthDay: motherDay, relation: '母亲', marriedIn: true });
  }
  return people;
}

/** An older head (with or without spouse), a married son, his wife and their children. */
function threeGenerations(random: DemoRandom, headBirthDay: number, withSpouse: boolean): Draft[] {
  const headSex: Sex = withSpouse || random.chance(0.3) ? 'M' : 'F';
  const headSurname = drawSurname(random);
  const sonSurname = headSex === 'M' ? headSurname : drawSurname(random);
  const motherDay = headSex === 'F' ? headBirthDay : wifeBirthDay(random, headBirthDay);
  const people: Draft[] = [{ surname: headSurname, sex: headSex, birthDay: headBirthDay, relation: '户主', marriedIn: false }];
  if (headSex === 'M' && withSpouse) {
    people.push({ surname: drawSurname(random), sex: 'F', birthDay: motherDay, relation: '配偶', marriedIn: true });
  }
  const sonDay = after(motherDay, 22 + random.int(0, 11) + random.next());
  if (ageOf(sonDay) < 22) return people;
  const daughterInLawDay = wifeBirthDay(random, sonDay);
  people.push(
    { surname: sonSurname, sex: 'M', birthDay: sonDay, relation: '子', marriedIn: false },
    { surname: drawSurname(random), sex: 'F', birthDay: daughterInLawDay, relation: '儿媳', marriedIn: true },
  );
  for (const child of children(random, daughterInLawDay, 2)) {
    people.push({ surname: sonSurname, sex: child.sex, birthDay: child.birthDay, relation: child.sex === 'M' ? '孙子' : '孙女', marriedIn: false });
  }
  return people;
}
