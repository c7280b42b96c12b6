/**
 * A failure meant for the user: its code and message cross the boundary as they are. In its own file so
 * that handlers (imported by core.ts) never import a value back from core.ts: the arrows run one way.
 */
export class CoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
