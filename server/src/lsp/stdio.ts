import { format } from 'node:util';
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

/**
 * Writes LSP messages to a stream in batches: the messages written during one
 * turn of the event loop go out in one write. vscode-jsonrpc's stream writer
 * makes two writes per message and waits for each, so publishing the
 * diagnostics of 20,000 files took 40,000 system calls. The promise of `write`
 * settles when the batch that contains the message is written.
 */
export class BatchingMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private chunks: string[] = [];
  private waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private flushScheduled = false;
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    let json: string;
    try {
      json = JSON.stringify(message);
    } catch (error) {
      this.fireError(error, message);
      return Promise.reject(error);
    }
    this.chunks.push(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n`, json);
    const written = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return written;
  }

  end(): void {
    this.stream.end();
  }

  private flush(): void {
    this.flushScheduled = false;
    const data = this.chunks.join('');
    const waiting = this.waiting;
    this.chunks = [];
    this.waiting = [];
    this.stream.write(data, 'utf8', (error) => {
      if (!error) {
        for (const message of waiting) message.resolve();
        return;
      }
      this.errorCount++;
      this.fireError(error, undefined, this.errorCount);
      for (const message of waiting) message.reject(error);
    });
  }
}

/**
 * Sends what the console would print to standard output to the client's log
 * instead, because standard output carries the protocol. A connection that
 * the library makes from `--stdio` does this itself, but one made from a
 * stream and a writer does not.
 */
export function redirectConsole(log: (message: string) => void): void {
  const print = (...args: unknown[]): void => log(format(...args));
  // The console's other methods that print to standard output call log.
  console.log = print;
  console.info = print;
  console.debug = print;
  console.dir = (item: unknown): void => log(format('%O', item));
}
