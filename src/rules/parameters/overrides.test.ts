import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParameterFileError } from '../errors.js';
import { buildParameterSet, parameterAsOf } from './parameter-set.js';
import { parseParameterOverrides } from './overrides.js';

function issuesOf(text: string): ParameterFileError['issues'] {
  try {
    parseParameterOverrides(text, 'county-370783.json');
  } catch (error) {
    if (error instanceof ParameterFileError) return error.issues;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

const header = '{\n  "scope": { "level": "county", "code": "370783", "name": "寿光市" },\n  "parameters": {\n';

describe('county override files', () => {
  it('reads the shipped example', () => {
    const text = readFileSync(new URL('../../../params/county-370783.json', import.meta.url), 'utf8');
    const layer = parseParameterOverrides(text, 'county-370783.json');
    expect(layer).toMatchObject({ level: 'county', code: '370783', name: '寿光市', schemeStartDate: '2009-12-01' });
    expect(layer.tables.localBasicPensionTopUp?.map((e) => [e.from, e.value])).toEqual([
      ['2011-01-01', 500],
      ['2014-07-01', 1000],
    ]);
  });

  it('names the line of a bad amount', () => {
    const text = `${header}    "localBasicPensionTopUp": [\n      { "from": "2011-01-01", "value": "5.001", "source": "x" }\n    ]\n  }\n}\n`;
    expect(issuesOf(text)).toEqual([
      expect.objectContaining({ code: 'INVALID_VALUE', line: 5, path: 'parameters.localBasicPensionTopUp[0].value' }),
    ]);
  });

  it('names the line of a JSON syntax error', () => {
    const text = `${header}    "funeralGrant": [\n      { "from": "2015-01-01" "value": "500", "source": "x" }\n    ]\n  }\n}\n`;
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({ code: 'JSON_SYNTAX', line: 5 });
  });

  it('puts file, line and path in the message', () => {
    const text = `${header}    "funeralGrant": [\n      { "from": "2015-02-30", "value": "500", "source": "x" }\n    ]\n  }\n}\n`;
    expect(() => parseParameterOverrides(text, 'county-370783.json')).toThrow(/county-370783\.json:5: parameters\.funeralGrant\[0\]\.from: .*2015-02-30/);
  });

  it('reports every problem at once, each on its own line', () => {
    const text = [
      '{',
      '  "scope": { "level": "county", "code": "370783", "name": "寿光市" },',
      '  "parameters": {',
      '    "centralBasicPension": [{ "from": "2011-01-01", "value": "80", "source": "x" }],',
      '    "localTopUp": [{ "from": "2011-01-01", "value": "5", "source": "x" }],',
      '    "familyBinding": [',
      '      { "from": "2011-01-01", "to": "2012-12-31", "value": { "enabled": true, "paymentDeadline": "03-31" }, "source": "x" },',
      '      { "from": "2012-06-01", "value": { "enabled": "no", "paymentDeadline": "03-31" }, "source": "x" }',
      '    ],',
      '    "contributionTiers": [{ "from": "2014-01-01", "value": ["200", "100"], "source": "x", "form": "typo" }],',
      '    "interestRate": [{ "from": "2014-01-01", "value": "3.5", "source": "" }]',
      '  }',
      '}',
    ].join('\n');
    expect(issuesOf(text).map((i) => [i.line, i.code, i.path])).toEqual([
      [4, 'NOT_OVERRIDABLE', 'parameters.centralBasicPension'],
      [5, 'UNKNOWN_PARAMETER', 'parameters.localTopUp'],
      [8, 'WRONG_TYPE', 'parameters.familyBinding[1].value.enabled'],
      [10, 'UNKNOWN_KEY', 'parameters.contributionTiers[0].form'],
      [10, 'INVALID_VALUE', 'parameters.contributionTiers[0].value'],
      [11, 'INVALID_VALUE', 'parameters.interestRate[0].value'],
      [11, 'INVALID_VALUE', 'parameters.interestRate[0].source'],
    ]);
  });

  it('refuses overlapping and unordered entries', () => {
    const text = `${header}    "funeralGrant": [\n      { "from": "2015-01-01", "to": "2016-12-31", "value": "500", "source": "x" },\n      { "from": "2016-06-01", "value": "600", "source": "x" },\n      { "from": "2016-01-01", "value": "700", "source": "x" }\n    ]\n  }\n}\n`;
    expect(issuesOf(text).map((i) => [i.line, i.code])).toEqual([
      [6, 'OVERLAP'],
      [7, 'DATE_ORDER'],
    ]);
  });

  it('refuses duplicate keys and a wrong scope', () => {
    const text = '{\n  "scope": { "level": "town", "code": "370783", "name": "x" },\n  "parameters": {},\n  "parameters": {}\n}';
    expect(issuesOf(text).map((i) => [i.line, i.code])).toEqual([
      [2, 'INVALID_VALUE'],
      [4, 'DUPLICATE_KEY'],
    ]);
  });

  it('changes results from its effective date and not before', () => {
    const text = `${header}    "localBasicPensionTopUp": [{ "from": "2012-07-01", "value": 8, "source": "county notice" }]\n  }\n}\n`;
    const params = buildParameterSet({ county: parseParameterOverrides(text, 'c.json') });
    expect(parameterAsOf(params, 'localBasicPensionTopUp', '2012-06-30')).toMatchObject({ value: 0, level: 'national' });
    expect(parameterAsOf(params, 'localBasicPensionTopUp', '2012-07-01')).toMatchObject({ value: 800, level: 'county', citation: { source: { 'zh-CN': 'county notice' } } });
  });

  it('reads a source as the document a form cites: number, own title, section and note, with the English for en', () => {
    const source = '{ "number": "寿政发〔2012〕5号", "title": "寿光市人民政府关于提高基础养老金的通知", "titleEn": "Notice of Shouguang on raising the basic pension", "section": "第二条", "sectionEn": "article 2", "note": "每人每月提高8元" }';
    const text = `${header}    "localBasicPensionTopUp": [{ "from": "2012-07-01", "value": 8, "source": ${source} }]\n  }\n}\n`;
    const { citation } = parameterAsOf(buildParameterSet({ county: parseParameterOverrides(text, 'c.json') }), 'localBasicPensionTopUp', '2012-07-01');
    expect(citation.source).toEqual({
      'zh-CN': '寿政发〔2012〕5号《寿光市人民政府关于提高基础养老金的通知》第二条：每人每月提高8元',
      en: 'Notice of Shouguang on raising the basic pension (寿政发〔2012〕5号), article 2: 每人每月提高8元',
    });
    expect(citation.value).toEqual({ 'zh-CN': '8.00 元/月', en: '8.00 yuan a month' });
    const empty = `${header}    "localBasicPensionTopUp": [{ "from": "2012-07-01", "value": 8, "source": { "sectionEn": "article 2" } }]\n  }\n}\n`;
    expect(issuesOf(empty).map((i) => i.code)).toEqual(['MISSING_KEY']);
  });

  it('falls back to the national value after an override ends', () => {
    const text = `${header}    "familyBinding": [{ "from": "2009-09-01", "to": "2010-12-31", "value": { "enabled": false, "paymentDeadline": "03-31" }, "source": "no binding here" }]\n  }\n}\n`;
    const params = buildParameterSet({ county: parseParameterOverrides(text, 'c.json') });
    expect(parameterAsOf(params, 'familyBinding', '2010-05-01').value.enabled).toBe(false);
    expect(parameterAsOf(params, 'familyBinding', '2011-05-01').value.enabled).toBe(true);
  });
});

describe('the national override file', () => {
  const national = [
    '{',
    '  "scope": { "level": "national", "code": "CN", "name": "全国" },',
    '  "reviewedOn": { "centralBasicPension": "2027-03-10" },',
    '  "parameters": {',
    '    "centralBasicPension": [',
    '      { "from": "2027-01-01", "value": "183.00", "source": "2027 年政府工作报告（test）" }',
    '    ]',
    '  }',
    '}',
  ].join('\n');

  it('may set national-only parameters and review dates; its entries take over from their date on', () => {
    const layer = parseParameterOverrides(national, 'national.json');
    expect(layer).toMatchObject({ level: 'national', code: 'CN', name: '全国', reviewedOn: { centralBasicPension: '2027-03-10' } });
    const params = buildParameterSet({ nationalOverride: layer });
    expect(parameterAsOf(params, 'centralBasicPension', '2026-12-31')).toMatchObject({ value: 16300, level: 'national' });
    expect(parameterAsOf(params, 'centralBasicPension', '2027-01-01')).toMatchObject({ value: 18300, level: 'national', citation: { source: { 'zh-CN': '2027 年政府工作报告（test）' } } });
  });

  it('is refused with the line of each problem', () => {
    const bad = national
      .replace('"code": "CN"', '"code": "CN", "schemeStartDate": "2009-09-01"')
      .replace('"2027-03-10"', '"2027-02-30"')
      .replace('"183.00"', '"183.001"');
    let issues: ParameterFileError['issues'] = [];
    try {
      parseParameterOverrides(bad, 'national.json');
    } catch (error) {
      if (!(error instanceof ParameterFileError)) throw error;
      issues = error.issues;
      expect(error.message).toContain('national.json:6: parameters.centralBasicPension[0].value');
    }
    expect(issues.map((i) => [i.line, i.code, i.path])).toEqual([
      [2, 'UNKNOWN_KEY', 'scope.schemeStartDate'],
      [3, 'INVALID_DATE', 'reviewedOn.centralBasicPension'],
      [6, 'INVALID_VALUE', 'parameters.centralBasicPension[0].value'],
    ]);
    expect(issuesOf(national.replace('"code": "CN"', '"code": "37"')).map((i) => [i.line, i.code, i.path])).toEqual([[2, 'INVALID_VALUE', 'scope.code']]);
  });

  it('keeps review dates out of county and province files', () => {
    const text = `{\n  "scope": { "level": "county", "code": "370783", "name": "寿光市" },\n  "reviewedOn": { "interestRate": "2026-01-01" },\n  "parameters": {}\n}`;
    expect(issuesOf(text).map((i) => [i.line, i.code, i.path])).toEqual([[3, 'UNKNOWN_KEY', 'reviewedOn']]);
  });
});
