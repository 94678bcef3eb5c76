/**
 * The language a response is written in: `?lang=zh-CN|en` when given, else the first of Chinese or English
 * in the request's Accept-Language (by its q-values), else Chinese.
 */
import type { Locale } from '../rules/index.js';
import type { AppContext } from './context.js';

export function parseLocale(lang: string | undefined, acceptLanguage: string | undefined): Locale {
  const asked = lang?.trim().toLowerCase();
  if (asked) return asked.startsWith('en') ? 'en' : 'zh-CN';
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((x) => x.tag && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
  }
  return 'zh-CN';
}

export function requestLocale(c: AppContext): Locale {
  return parseLocale(c.req.query('lang'), c.req.header('accept-language'));
}
