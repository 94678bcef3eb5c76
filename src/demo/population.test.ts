import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateIdNumber } from '../rules/id-number.js';
import { apportion, layOutCounty, realTownships } from './county-layout.js';
import { DEMO_AS_OF, drawHousehold, MAX_HOUSEHOLD_SIZE, type DemoPerson } from './household.js';
import { drawPhone, IdNumberAllocator } from './identity.js';
import { drawGivenName, drawSurname, drawVillageName } from './names.js';
import { DemoRandom } from './random.js';

const MALE_RELATIONS = new Set(['子', '父亲', '孙子']);
const FEMALE_RELATIONS = new Set(['女', '母亲', '孙女', '儿媳']);

function households(seed: number, count: number): DemoPerson[][] {
  const random = new DemoRandom(seed);
  return Array.from({ length: count }, () => drawHousehold(random));
}

describe('DemoRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const r = new DemoRandom(seed);
      return Array.from({ length: 20 }, () => r.uint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws integers inside the closed range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100 }), (seed, min, width) => {
        const r = new DemoRandom(seed);
        for (let i = 0; i < 50; i++) {
          const n = r.int(min, min + width);
          expect(Number.isInteger(n) && n >= min && n <= min + width).toBe(true);
        }
      }),
    );
  });
});

describe('drawHousehold', () => {
  const all = households(20091001, 5000);

  it('puts one head first in households of 1 to 6 people', () => {
    for (const members of all) {
      expect(members.length).toBeGreaterThanOrEqual(1);
      expect(members.length).toBeLessThanOrEqual(MAX_HOUSEHOLD_SIZE);
      expect(members[0]!.relation).toBe('户主');
      expect(members.filter((m) => m.relation === '户主')).toHaveLength(1);
    }
  });

  it('gives relations the right sex and consistent ages', () => {
    for (const members of all) {
      const head = members[0]!;
      for (const m of members) {
        expect(m.birthDate <= DEMO_AS_OF).toBe(true);
        if (MALE_RELATIONS.has(m.relation)) expect(m.sex).toBe('M');
        if (FEMALE_RELATIONS.has(m.relation)) expect(m.sex).toBe('F');
        if (m.relation === '配偶') {
          expect(m.sex).not.toBe(head.sex);
          expect(Math.abs(m.age - head.age)).toBeLessThanOrEqual(8);
        }
        if (m.relation === '子' || m.relation === '女') expect(head.age - m.age).toBeGreaterThanOrEqual(16);
        if (m.relation === '父亲' || m.relation === '母亲') expect(m.age - head.age).toBeGreaterThanOrEqual(16);
      }
      const son = members.find((m) => m.relation === '子');
      for (const grandchild of members.filter((m) => m.relation === '孙子' || m.relation === '孙女')) {
        expect(son).toBeDefined();
        expect(son!.age - grandchild.age).toBeGreaterThanOrEqual(18);
      }
    }
  });

  it('gives children their father’s surname', () => {
    for (const members of all) {
      const head = members[0]!;
      if (head.sex !== 'M') continue;
      for (const child of members.filter((m) => m.relation === '子' || m.relation === '女')) {
        expect(child.name.charAt(0)).toBe(head.name.charAt(0));
      }
    }
  });

  it('makes an older-heavy rural population', () => {
    const people = all.flat();
    const share = (test: (age: number) => boolean) => people.filter((p) => test(p.age)).length / people.length;
    expect(share((a) => a >= 60)).toBeGreaterThan(0.22);
    expect(share((a) => a >= 60)).toBeLessThan(0.36);
    expect(share((a) => a >= 45 && a <= 75)).toBeGreaterThan(0.35);
    expect(share((a) => a < 15)).toBeLessThan(0.2);
    expect(share((a) => a >= 80)).toBeGreaterThan(0.02);
    expect(Math.max(...people.map((p) => p.age))).toBeGreaterThanOrEqual(90);
  });

  it('can fix the head’s birth month', () => {
    const random = new DemoRandom(1);
    for (let i = 0; i < 50; i++) expect(drawHousehold(random, { headBirthMonth: '1964-07' })[0]!.birthDate.slice(0, 7)).toBe('1964-07');
  });
});

describe('names', () => {
  it('builds Chinese names of a one-character surname and a one- or two-character given name', () => {
    const random = new DemoRandom(3);
    for (let i = 0; i < 2000; i++) {
      const year = 1925 + (i % 100);
      const name = drawSurname(random) + drawGivenName(random, i % 2 === 0 ? 'M' : 'F', year);
      expect(name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
    }
  });

  it('uses generation-typical given names', () => {
    const random = new DemoRandom(5);
    const old = new Set(Array.from({ length: 3000 }, () => drawGivenName(random, 'F', 1940)));
    const young = new Set(Array.from({ length: 3000 }, () => drawGivenName(random, 'F', 2015)));
    expect(old.has('秀英')).toBe(true);
    expect(young.has('子涵')).toBe(true);
    expect(young.has('秀英')).toBe(false);
  });

  it('never repeats a village name within a township', () => {
    const random = new DemoRandom(9);
    const taken = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const name = drawVillageName(random, taken);
      expect(taken.has(name)).toBe(false);
      expect(name).toMatch(/^[\u4e00-\u9fff]{2,5}村$/);
      taken.add(name);
    }
  });
});

describe('IdNumberAllocator', () => {
  it('issues valid, unique numbers whose birth date and sex agree with the person', () => {
    const random = new DemoRandom(11);
    const allocator = new IdNumberAllocator('370783');
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const sex = i % 3 === 0 ? 'F' : 'M';
      const birthDate = `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`;
      const id = allocator.allocate(random, birthDate, sex, i % 5 === 0);
      const parsed = validateIdNumber(id);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.birthDate).toBe(birthDate);
      expect(parsed.sex).toBe(sex === 'M' ? 'male' : 'female');
      expect(parsed.areaCode.slice(0, 4)).toBe('3707');
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
    const local = [...seen].filter((id) => id.startsWith('370783')).length / seen.size;
    expect(local).toBeGreaterThan(0.9);
    expect(local).toBeLessThan(1);
  });

  it('hands out all 499 even sequences of a day before refusing a woman born that day', () => {
    const random = new DemoRandom(13);
    const allocator = new IdNumberAllocator('370783');
    const ids = new Set<string>();
    // Native IDs only (not married in: 1.5% go elsewhere), so draw until 499 local women of one day.
    let local = 0;
    for (let i = 0; i < 2000 && local < 499; i++) {
      const id = allocator.allocate(random, '1970-05-05', 'F', false);
      ids.add(id);
      if (id.startsWith('370783')) local++;
    }
    expect(local).toBe(499);
    expect(ids.size).toBeGreaterThanOrEqual(499);
    expect(() => {
      for (let i = 0; i < 100; i++) allocator.allocate(random, '1970-05-05', 'F', false);
    }).toThrow(/no free ID sequence left for 1970-05-05/);
  });
});

describe('drawPhone', () => {
  it('gives children no phone and adults plausible 11-digit mobile numbers', () => {
    const random = new DemoRandom(17);
    for (let i = 0; i < 1000; i++) expect(drawPhone(random, 12)).toBeNull();
    const phones = Array.from({ length: 1000 }, () => drawPhone(random, 40));
    expect(phones.filter((p) => p !== null).length).toBeGreaterThan(900);
    for (const p of phones) if (p !== null) expect(p).toMatch(/^1[3-9]\d{9}$/);
  });
});

describe('county layout', () => {
  it('apportions a total exactly, in proportion, with the floor when it fits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 }), (total, weights) => {
        const parts = apportion(total, weights, 1);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        if (total >= weights.length) expect(Math.min(...parts)).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('uses the 14 real towns and streets of Shouguang and codes villages under them', () => {
    const base = realTownships('370783')!;
    expect(base.county).toEqual({ code: '370783000000', name: '寿光市' });
    expect(base.townships).toHaveLength(14);
    expect(base.townships.map((t) => t.code)).not.toContain('370783400000');
    const layout = layOutCounty(new DemoRandom(1), base, 150, 60_000);
    expect(layout.villages).toHaveLength(150);
    expect(layout.villages.reduce((sum, v) => sum + v.residents, 0)).toBe(60_000);
    for (const v of layout.villages) {
      expect(v.code.slice(0, 9)).toBe(v.township.code.slice(0, 9));
      expect(v.code).toMatch(/^370783\d{3}(?!000)\d{3}$/);
    }
    for (const t of base.townships) expect(layout.villages.some((v) => v.township.code === t.code)).toBe(true);
  });
});
