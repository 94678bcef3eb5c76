/**
 * Explanations as a person reads them, from the engine's structured steps: each step's text and each
 * parameter as labelled prose (领取年龄 60 周岁) with its document, in one language. Used for what the
 * server prints (award form, calculator text) and to bring explanations stored before citations carried
 * their labels up to date.
 */
import {
  citationLine,
  citationPeriod,
  PARAMETER_DEFINITIONS,
  parameterLevelText,
  sourcesText,
  isParameterName,
  type Explanation,
  type ExplanationStep,
  type Locale,
  type LocalizedText,
  type ParameterCitation,
  type ParameterLevel,
  type ParameterSet,
} from '../../rules/index.js';

export interface RenderedCitation {
  readonly label: string;
  readonly value: string;
  readonly source: string;
  readonly level: string;
  readonly period: string;
  /** The whole citation as one line of prose. */
  readonly line: string;
}

export interface RenderedStep {
  readonly key: string;
  readonly text: string;
  readonly amount?: number;
  readonly parameters: readonly RenderedCitation[];
}

export function renderCitation(c: ParameterCitation, locale: Locale): RenderedCitation {
  return {
    label: c.label[locale],
    value: c.value[locale],
    source: c.source[locale],
    level: parameterLevelText(c.level, locale),
    period: citationPeriod(c, locale),
    line: citationLine(c, locale),
  };
}

export function renderExplanation(explanation: Explanation, locale: Locale): RenderedStep[] {
  return explanation.map((step) => ({
    key: step.key,
    text: step.text[locale],
    ...(step.amount === undefined ? {} : { amount: step.amount }),
    parameters: (step.parameters ?? []).map((c) => renderCitation(c, locale)),
  }));
}

/** A citation as stored before it carried its label: `value` and `source` were one line of text. */
interface StoredCitation {
  readonly name: string;
  readonly label?: LocalizedText;
  readonly value: LocalizedText | string;
  readonly source: LocalizedText | string;
  readonly from: string;
  readonly to?: string;
  readonly level: ParameterLevel;
}

const both = (text: string): LocalizedText => ({ 'zh-CN': text, en: text });

/**
 * Brings a stored citation to the current shape: its label from the parameter's definition, its value and
 * documents from the entry it cites (same parameter, layer level and start date) in `params`; when that entry
 * is no longer there, the stored text is kept.
 */
function restoreCitation(c: StoredCitation, params: ParameterSet | undefined): ParameterCitation {
  if (c.label && typeof c.value === 'object' && typeof c.source === 'object') return c as ParameterCitation;
  const definition = isParameterName(c.name) ? PARAMETER_DEFINITIONS[c.name] : undefined;
  const label = c.label ?? definition?.title ?? both(c.name);
  if (definition && params && isParameterName(c.name)) {
    for (const layer of params.layers) {
      if (layer.level !== c.level) continue;
      const entry = layer.tables[c.name]?.find((e) => e.from === c.from);
      if (!entry) continue;
      const describe = definition.describe as (value: unknown) => LocalizedText;
      return { name: c.name, label, value: describe(entry.value), source: sourcesText(entry.source), from: c.from, ...(c.to ? { to: c.to } : {}), level: c.level };
    }
  }
  return {
    name: c.name,
    label,
    value: typeof c.value === 'string' ? both(c.value) : c.value,
    source: typeof c.source === 'string' ? both(c.source) : c.source,
    from: c.from,
    ...(c.to ? { to: c.to } : {}),
    level: c.level,
  };
}

/** An explanation read back from the database, its citations in the current shape (see restoreCitation). */
export function restoreExplanation(stored: unknown, params?: ParameterSet): Explanation {
  if (!Array.isArray(stored)) return [];
  return (stored as (ExplanationStep & { parameters?: StoredCitation[] })[]).map((step) =>
    step.parameters ? { ...step, parameters: step.parameters.map((c) => restoreCitation(c, params)) } : step,
  );
}
