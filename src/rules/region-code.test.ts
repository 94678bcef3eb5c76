import { describe, expect, it } from 'vitest';
import { isWithinRegion, normaliseRegionCode, parentRegionCode, regionLevelOf, regionScopePrefix } from './region-code.js';

describe('region codes', () => {
  it('reads the level from the 12-digit structure', () => {
    expect(regionLevelOf('370783000000')).toBe('county');
    expect(regionLevelOf('370783001000')).toBe('township');
    expect(regionLevelOf('370783001001')).toBe('village');
    expect(regionLevelOf('370783000001')).toBeUndefined();
    expect(regionLevelOf('37078300100')).toBeUndefined();
    expect(regionLevelOf('37078300100X')).toBeUndefined();
  });

  it('names the parent of a village and a township, none for a county', () => {
    expect(parentRegionCode('370783001017')).toBe('370783001000');
    expect(parentRegionCode('370783001000')).toBe('370783000000');
    expect(parentRegionCode('370783000000')).toBeUndefined();
  });

  it('keeps a township clerk inside the township and a coordinator inside the village', () => {
    expect(regionScopePrefix('370783001000')).toBe('370783001');
    expect(isWithinRegion('370783001000', '370783001005')).toBe(true);
    expect(isWithinRegion('370783001000', '370783106005')).toBe(false);
    expect(isWithinRegion('370783001000', '370783000000')).toBe(false);
    expect(isWithinRegion('370783001005', '370783001006')).toBe(false);
    expect(isWithinRegion('370783000000', '370783106005')).toBe(true);
    expect(isWithinRegion('370783000000', '370784000000')).toBe(false);
  });

  it('pads national 6- and 9-digit codes to 12 digits', () => {
    expect(normaliseRegionCode('370783')).toBe('370783000000');
    expect(normaliseRegionCode(' 370783106 ')).toBe('370783106000');
    expect(normaliseRegionCode('3707831')).toBeUndefined();
  });
});
