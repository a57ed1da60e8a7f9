import { createSHA256, type IHasher } from 'hash-wasm';
import { hashSliceBytes, type HashReply, type HashRequest } from './hash-protocol';

/** The worker's global scope, typed by hand: the studio compiles against the DOM library, not WebWorker's. */
const worker = self as unknown as {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage(reply: HashReply): void;
};

let hasher: Promise<IHasher> | undefined;
// Requests are hashed one after another: the hasher is shared, and the page sends one file at a time anyway.
let queue = Promise.resolve();

async function hash({ id, file }: HashRequest): Promise<void> {
  try {
    const sha256 = await (hasher ??= createSHA256());
    sha256.init();
    for (let offset = 0; offset < file.size; offset += hashSliceBytes) {
      const end = Math.min(file.size, offset + hashSliceBytes);
      sha256.update(new Uint8Array(await file.slice(offset, end).arrayBuffer()));
      worker.postMessage({ id, kind: 'progress', bytes: end });
    }
    worker.postMessage({ id, kind: 'done', digest: `sha256:${sha256.digest('hex')}` });
  } catch (error) {
    worker.postMessage({ id, kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

worker.onmessage = (event) => {
  queue = queue.then(() => hash(event.data));
};
