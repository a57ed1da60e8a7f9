// The README tour's webhook receiver: `node examples/webhook-receiver.mjs 127.0.0.1:8700 > deliveries.jsonl`
// listens on the address given, writes the body of each request it gets as one line to stdout, answers
// 200 `deploying`, and says on stderr when it is listening. It trusts what it gets: a real receiver first
// verifies the signature (docs/events.md, "Verifying a delivery").
import { createServer } from 'node:http';

const [host, port] = (process.argv[2] ?? '127.0.0.1:8700').split(':');
createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    process.stdout.write(`${Buffer.concat(chunks).toString('utf8')}\n`);
    response.end('deploying');
  });
}).listen(Number(port), host, () => process.stderr.write(`listening on http://${host}:${port}\n`));
