/**
 * Errors raised by the policy engine. Every error carries a stable `code` (mapped to zh-CN/en text by the
 * HTTP layer), the `field` it concerns when there is one, and `params` for the message template.
 */
export type RuleErrorCode =
  | 'MONEY_NOT_SAFE_INTEGER'
  | 'MONEY_NEGATIVE'
  | 'MONEY_FORMAT'
  | 'MONEY_TOO_MANY_DECIMALS'
  | 'MONEY_OUT_OF_RANGE'
  | 'RATE_FORMAT'
  | 'DATE_FORMAT'
  | 'DATE_ORDER'
  | 'ID_LENGTH'
  | 'ID_CHARACTERS'
  | 'ID_BIRTH_DATE'
  | 'ID_CHECK_DIGIT'
  | 'ALLOCATION_INVALID'
  | 'DIVISION_BY_ZERO'
  | 'PARAM_NOT_IN_FORCE'
  | 'PARAM_FILE_INVALID'
  | 'PARAM_LAYER_INVALID'
  | 'CONTRIBUTION_TIER_INVALID'
  | 'SUBSIDY_BELOW_MINIMUM'
  | 'HARDSHIP_EXCEEDS_TIER'
  | 'INTEREST_PERIOD_INVALID'
  | 'INTEREST_NEGATIVE_BALANCE'
  | 'INPUT_INVALID';

export type RuleErrorParams = Readonly<Record<string, string | number | boolean>>;

export class RuleError extends Error {
  override readonly name: string = 'RuleError';
  readonly code: RuleErrorCode;
  readonly field: string | undefined;
  readonly params: RuleErrorParams;

  constructor(code: RuleErrorCode, message: string, options: { field?: string; params?: RuleErrorParams } = {}) {
    super(message);
    this.code = code;
    this.field = options.field;
    this.params = options.params ?? {};
  }
}

/** One problem found in a parameter override file, located by line and JSON path. */
export interface ParameterFileIssue {
  readonly code:
    | 'JSON_SYNTAX'
    | 'DUPLICATE_KEY'
    | 'UNKNOWN_KEY'
    | 'MISSING_KEY'
    | 'WRONG_TYPE'
    | 'UNKNOWN_PARAMETER'
    | 'NOT_OVERRIDABLE'
    | 'INVALID_VALUE'
    | 'INVALID_DATE'
    | 'DATE_ORDER'
    | 'OVERLAP';
  readonly line: number;
  /** JSON path such as `parameters.localBasicPensionTopUp[0].from`. */
  readonly path: string;
  readonly message: string;
}

/** Raised by `parseParameterOverrides`; the message lists every issue as `file:line: path: message`. */
export class ParameterFileError extends RuleError {
  override readonly name: string = 'ParameterFileError';
  readonly fileName: string;
  readonly issues: readonly ParameterFileIssue[];

  constructor(fileName: string, issues: readonly ParameterFileIssue[]) {
    const first = issues[0];
    super(
      'PARAM_FILE_INVALID',
      issues.map((i) => `${fileName}:${i.line}: ${i.path || '(root)'}: ${i.message}`).join('\n'),
      { field: first?.path, params: { fileName, line: first?.line ?? 0, issueCount: issues.length } },
    );
    this.fileName = fileName;
    this.issues = issues;
  }
}
