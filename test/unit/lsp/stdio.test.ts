import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { NotificationMessage } from 'vscode-languageserver/node';
import { BatchingMessageWriter } from '../../../server/src/lsp/stdio';

/** A stream that records each chunk written to it, or fails every write with `failure`. */
class RecordingStream extends Writable {
  readonly chunks: string[] = [];

  constructor(private readonly failure?: Error) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString('utf8'));
    callback(this.failure ?? null);
  }
}

function notification(message: string): NotificationMessage {
  return { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message } };
}

function framed(message: NotificationMessage): string {
  const json = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`;
}

describe('BatchingMessageWriter', () => {
  it('writes one turn of messages at once', async () => {
    const stream = new RecordingStream();
    const writer = new BatchingMessageWriter(stream);
    const first = notification('first');
    const second = notification('sécurité: Content-Length counts bytes');
    await Promise.all([writer.write(first), writer.write(second)]);
    assert.deepEqual(stream.chunks, [framed(first) + framed(second)]);
    // The second message is 116 characters long and 118 bytes in UTF-8.
    assert.equal(JSON.stringify(second).length, 116);
    assert.ok((stream.chunks[0] ?? '').includes(`Content-Length: 118\r\n\r\n${JSON.stringify(second)}`));
  });

  it('writes later messages in a new batch', async () => {
    const stream = new RecordingStream();
    const writer = new BatchingMessageWriter(stream);
    await writer.write(notification('first'));
    await writer.write(notification('second'));
    assert.deepEqual(stream.chunks, [framed(notification('first')), framed(notification('second'))]);
  });

  it('rejects the batch of a failed write', async () => {
    const failure = new Error('EPIPE');
    const stream = new RecordingStream(failure);
    stream.on('error', () => undefined);
    const writer = new BatchingMessageWriter(stream);
    const reported: Error[] = [];
    writer.onError(([error]) => reported.push(error));
    const writes = [writer.write(notification('first')), writer.write(notification('second'))];
    for (const write of writes) await assert.rejects(write, failure);
    assert.ok(reported.includes(failure));
  });

  it('rejects a message that is not JSON', async () => {
    const writer = new BatchingMessageWriter(new RecordingStream());
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await assert.rejects(writer.write({ jsonrpc: '2.0', method: 'x', params: cyclic } as NotificationMessage), TypeError);
  });
});
