// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeClipboard } from '../../../renderer/app/logic/clipboard';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('writeClipboard', () => {
  it('uses the async Clipboard API when allowed', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    await writeClipboard('hello');
    expect(writeText).toHaveBeenCalledWith('hello');
  });

  it('falls back to the copy command when the permission is refused, and leaves nothing behind', async () => {
    vi.stubGlobal('navigator', {
      clipboard: {
        writeText: async () => {
          throw new DOMException('denied', 'NotAllowedError');
        },
      },
    });
    let copied = '';
    document.execCommand = vi.fn((cmd: string) => {
      copied = cmd === 'copy' ? (document.querySelector('textarea')?.value ?? '') : '';
      return true;
    });
    await writeClipboard('summary text');
    expect(document.execCommand).toHaveBeenCalledWith('copy');
    expect(copied).toBe('summary text');
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('says so when no way of copying works', async () => {
    vi.stubGlobal('navigator', {});
    document.execCommand = vi.fn(() => false);
    await expect(writeClipboard('x')).rejects.toThrow(/does not allow copying/);
  });
});
