/** Text safe inside an HTML element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The opening of every page the product renders (panel, report, comparison): doctype, charset,
 * the Content-Security-Policy as a meta tag (its directives joined here, escaped once), the
 * viewport, any further head lines, and the title, up to `</head>`.
 */
export function pageHead(options: { readonly policy: readonly string[]; readonly title: string; readonly head?: readonly string[] }): string[] {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(options.policy.join('; '))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(options.head ?? []),
    `<title>${escapeHtml(options.title)}</title>`,
    '</head>',
  ];
}
