/**
 * Web mode's "Print to PDF…": the rendered HTML report goes into a hidden same-origin frame and the browser's
 * print dialog opens on it, where "Save as PDF" makes the PDF. Never an HTML download labelled PDF.
 *
 * The page's Content-Security-Policy (style-src 'self', script-src 'self') also governs the frame, so the
 * report's own <style> and style="" are applied through the CSSOM (which CSP does not block) and
 * nothing from the report runs: its scripts are removed (it has none; the HTML is ours, escaped).
 */
export const PRINT_FRAME_ID = 'report-print-frame';

export function printHtml(html: string, doc: Document = document): void {
  doc.getElementById(PRINT_FRAME_ID)?.remove();
  const frame = doc.createElement('iframe');
  frame.id = PRINT_FRAME_ID;
  frame.title = 'Report to print';
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  // off-screen, not display:none (a hidden frame prints nothing in some browsers)
  frame.style.position = 'fixed';
  frame.style.left = '-10000px';
  frame.style.width = '800px';
  frame.style.height = '600px';
  doc.body.appendChild(frame);
  const win = frame.contentWindow;
  const target = frame.contentDocument;
  if (!win || !target) throw new Error('The browser did not open the print frame.');
  // Chromium reports a <style> or style="" as a CSP violation as soon as DOMParser reads it (in the page's
  // policy), so they are taken out of the text first. The HTML is our own report: every value in it is
  // escaped, so `style="` only occurs as an attribute.
  const css = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1] ?? '').join('\n');
  const text = html.replace(/<style[^>]*>[\s\S]*?<\/style>/gi, '').replace(/\sstyle="/gi, ' data-print-style="');
  const parsed = new DOMParser().parseFromString(text, 'text/html');
  for (const s of parsed.querySelectorAll('script, meta[http-equiv]')) s.remove();
  target.title = parsed.title;
  target.body.replaceChildren(...[...parsed.body.childNodes].map((n) => target.importNode(n, true)));
  for (const el of target.querySelectorAll<HTMLElement>('[data-print-style]')) {
    el.style.cssText = el.getAttribute('data-print-style') ?? '';
    el.removeAttribute('data-print-style');
  }
  const FrameSheet = (win as unknown as { CSSStyleSheet: typeof CSSStyleSheet }).CSSStyleSheet;
  const sheet = new FrameSheet();
  sheet.replaceSync(css);
  target.adoptedStyleSheets = [sheet];
  win.focus();
  win.print();
}
