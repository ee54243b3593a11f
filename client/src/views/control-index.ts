import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CONTROLS_REQUEST, type ControlItem } from './protocol';

// The server sends its status after every round of diagnostics, so after each
// keystroke in a control. The list is fetched again once they pause this long.
const REFRESH_DELAY_MS = 300;

/**
 * The language server's list of controls. A status notification marks the
 * list stale and, after a pause, fires `onDidChange`. The list is fetched
 * only when a view requests it through `items()`, so a hidden view costs no
 * requests.
 */
export class ControlIndex implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the server's index changed since the last `items()`. */
  readonly onDidChange = this.changed.event;
  private current: readonly ControlItem[] = [];
  private stale = true;
  private pending: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Records a status notification. The list becomes stale once the notifications pause. */
  statusChanged(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stale = true;
      this.changed.fire();
    }, REFRESH_DELAY_MS);
  }

  /**
   * Returns the controls, fetching them first when the list is stale. A failed
   * request is logged and the previous list returned.
   */
  async items(): Promise<readonly ControlItem[]> {
    // A status that arrives during a fetch marks the list stale again, so loop.
    while (this.stale) {
      this.pending ??= this.fetch();
      await this.pending;
    }
    return this.current;
  }

  private async fetch(): Promise<void> {
    this.stale = false;
    try {
      this.current = await this.client.sendRequest<ControlItem[]>(CONTROLS_REQUEST);
    } catch (error) {
      this.log.warn(`Listing the controls for the Controls view failed: ${(error as Error).message}`);
    } finally {
      this.pending = undefined;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}
