// Custom requests of the Control Studio language server that the views send.
// The types are imported from the server so that both sides stay in step. The
// method names are repeated here because a value import would bundle the
// server's lint core into the client.
export type { ControlItem, NewControlParams, NewControlResult } from '../../../server/src/lsp/requests';

/** Lists every indexed control with its finding counts. */
export const CONTROLS_REQUEST = 'controlStudio/controls';
/** Returns the next free id of a category and the new control's JSON text, or null. */
export const NEW_CONTROL_REQUEST = 'controlStudio/newControl';
/** Returns the catalogue overview as Markdown. */
export const REPORT_REQUEST = 'controlStudio/report';
