/** Handlebars escapes = ' and ` too; tests read the page as a browser would. */
export function decode(html: string): string {
  return html
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;/g, "'")
    .replace(/&#x60;/g, '`')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** The GOV.UK error summary's entries as "href: message" (or the bare message), in page order. */
export function errorSummary(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? ''
  return [...summary.matchAll(/<li>\s*(?:<a href="([^"]+)">([^<]*)<\/a>|([^<]*?))\s*<\/li>/g)].map(m =>
    m[1] ? `${m[1]}: ${decode(m[2].trim())}` : decode((m[3] ?? '').trim()),
  )
}
