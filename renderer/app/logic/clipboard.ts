/**
 * Puts text on the clipboard. The async Clipboard API first; when it is refused (Electron's permission
 * handler denies every permission request, and an insecure origin has no navigator.clipboard), the older
 * copy command on a hidden text area, which needs no permission inside a click.
 */
export async function writeClipboard(text: string, doc: Document = document): Promise<void> {
  try {
    if (!navigator.clipboard) throw new Error('no async clipboard');
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through to the copy command
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  doc.body.appendChild(area);
  try {
    area.select();
    // execCommand is deprecated but still the one copy path that needs no permission.
    if (!doc.execCommand('copy'))
      throw new Error('this window does not allow copying; select the text in the report instead');
  } finally {
    area.remove();
  }
}
