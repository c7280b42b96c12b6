import { ipcMain, type WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract';
import type { Core, CoreReply, EventSink } from '../core/core';
import { isTrustedSender } from './window';

/** Wires the core to ipcMain; every call's sender frame must be our own renderer. */
export function registerIpc(core: Core): void {
  ipcMain.handle(IPC_INVOKE, async (event, name: unknown, payload: unknown): Promise<CoreReply> => {
    if (!isTrustedSender(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'forbidden', message: 'Refused: the request did not come from RDP Doctor.' } };
    }
    return core.handle(name, payload, sinkFor(event.sender));
  });
}

function sinkFor(contents: WebContents): EventSink {
  return {
    emit: (name, payload) => {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT, name, payload);
    },
  };
}
