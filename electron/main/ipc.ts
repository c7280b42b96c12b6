import { ipcMain, type WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract';
import type { Core, CoreReply, EventSink } from '../core/core';
import type { LogFile } from '../core/logFile';
import { isTrustedSender } from './trust';

/** The parts of an IpcMainInvokeEvent this handler reads. */
export interface InvokeEventLike {
  senderFrame?: { url: string } | null;
  sender: Pick<WebContents, 'isDestroyed' | 'send'>;
}

/** The invoke handler, apart from ipcMain so it can be tested with a fake event. */
export function createInvokeHandler(core: Core, own?: string, log?: LogFile) {
  return async (event: InvokeEventLike, name: unknown, payload: unknown): Promise<CoreReply> => {
    const label = String(name).slice(0, 64);
    if (!isTrustedSender(event.senderFrame?.url, own)) {
      log?.write('warn', `refused ${label} from ${String(event.senderFrame?.url).slice(0, 200)}`);
      return { ok: false, error: { code: 'forbidden', message: 'Refused: the request did not come from RDP Doctor.' } };
    }
    const reply = await core.handle(name, payload, sinkFor(event.sender));
    // The request's name and outcome only: payloads can hold passwords and never reach the log.
    if (!reply.ok) log?.write('warn', `${label} failed: ${reply.error.code}`);
    return reply;
  };
}

/** Wires the core to ipcMain; every call's sender frame must be our own renderer. */
export function registerIpc(core: Core, log?: LogFile): void {
  ipcMain.handle(IPC_INVOKE, createInvokeHandler(core, undefined, log));
}

function sinkFor(contents: InvokeEventLike['sender']): EventSink {
  return {
    emit: (name, payload) => {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT, name, payload);
    },
  };
}
