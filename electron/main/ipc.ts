import { ipcMain, type WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract';
import type { Core, CoreReply, EventSink } from '../core/core';
import { isTrustedSender } from './trust';

/** The parts of an IpcMainInvokeEvent this handler reads. */
export interface InvokeEventLike {
  senderFrame?: { url: string } | null;
  sender: Pick<WebContents, 'isDestroyed' | 'send'>;
}

/** The invoke handler, apart from ipcMain so it can be tested with a fake event. */
export function createInvokeHandler(core: Core, own?: string) {
  return async (event: InvokeEventLike, name: unknown, payload: unknown): Promise<CoreReply> => {
    if (!isTrustedSender(event.senderFrame?.url, own)) {
      return { ok: false, error: { code: 'forbidden', message: 'Refused: the request did not come from RDP Doctor.' } };
    }
    return core.handle(name, payload, sinkFor(event.sender));
  };
}

/** Wires the core to ipcMain; every call's sender frame must be our own renderer. */
export function registerIpc(core: Core): void {
  ipcMain.handle(IPC_INVOKE, createInvokeHandler(core));
}

function sinkFor(contents: InvokeEventLike['sender']): EventSink {
  return {
    emit: (name, payload) => {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT, name, payload);
    },
  };
}
