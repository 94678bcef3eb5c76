/**
 * A self-contained API reference page rendered from the OpenAPI document (no CDN: the offices this
 * runs in are often offline).
 */
export function renderDocsPage(doc: { info: { title: string; version: string }; paths?: Record<string, Record<string, unknown>> }): string {
  const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
  const sections = Object.entries(doc.paths ?? {})
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const o = op as { summary?: string; tags?: string[]; 'x-access'?: string; parameters?: { name: string; in: string; required?: boolean }[]; requestBody?: unknown; responses?: Record<string, { description?: string }> };
        const params = (o.parameters ?? []).map((p) => `<code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''})`).join(', ');
        const responses = Object.entries(o.responses ?? {}).map(([status, r]) => `<span class="s s${status[0]}">${esc(status)}</span> ${esc(r.description)}`).join(' · ');
        return `<section><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(o.summary)}</p><p class="meta">access: <b>${esc(o['x-access'] ?? 'public')}</b>${params ? ` · parameters: ${params}` : ''}</p>
${o.requestBody ? `<details><summary>request body</summary><pre>${esc(JSON.stringify(o.requestBody, null, 2))}</pre></details>` : ''}
<p class="meta">${responses}</p></section>`;
      }),
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.info.title)} API</title>
<style>body{font:14px/1.5 system-ui,"Noto Sans CJK SC",sans-serif;max-width:960px;margin:2em auto;color:#222}
section{border:1px solid #ddd;border-radius:6px;padding:.2em 1em;margin:.8em 0}h3{margin:.5em 0}.m{display:inline-block;min-width:4em;color:#fff;border-radius:4px;padding:0 .4em;font-size:12px;text-align:center}
.get{background:#1677ff}.post{background:#52c41a}.patch{background:#fa8c16}.delete{background:#f5222d}.meta{color:#555}.s{font-weight:600}.s2{color:#389e0d}.s4{color:#cf1322}
pre{background:#f6f6f6;padding:.5em;overflow:auto}</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>Machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a>. Errors: <code>{ code, message, field?, row?, requestId }</code>, message in the language of <code>Accept-Language</code> (zh-CN default, en). State-changing requests need the header <code>X-CSRF-Token</code>.</p>
${sections}</body></html>`;
}
