import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isArcaError } from '../../core/errors.js';
import {
  addressPolicy,
  checkWebhookUrl,
  guardedLookup,
  refusedRangeOf,
  type ResolvedAddress,
  type Resolver,
  systemResolver,
} from './ssrf-guard.js';

/** A resolver answering `addresses` for every name (the name server of a test). */
function answering(...addresses: string[]): Resolver {
  return async () => addresses.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
}

/** One address inside each refused range, with the range name the refusal must give. */
const refused: readonly { address: string; range: string; cidr: string }[] = [
  { address: '0.1.2.3', range: '"this network"', cidr: '0.0.0.0/8' },
  { address: '0.0.0.0', range: '"this network"', cidr: '0.0.0.0/8' },
  { address: '10.20.30.40', range: 'private', cidr: '10.0.0.0/8' },
  { address: '100.64.0.1', range: 'carrier-grade NAT (shared address space)', cidr: '100.64.0.0/10' },
  { address: '100.127.255.254', range: 'carrier-grade NAT (shared address space)', cidr: '100.64.0.0/10' },
  { address: '127.0.0.1', range: 'loopback', cidr: '127.0.0.0/8' },
  { address: '127.255.255.254', range: 'loopback', cidr: '127.0.0.0/8' },
  { address: '169.254.169.254', range: 'link-local / cloud metadata', cidr: '169.254.0.0/16' },
  { address: '169.254.0.1', range: 'link-local / cloud metadata', cidr: '169.254.0.0/16' },
  { address: '172.16.0.1', range: 'private', cidr: '172.16.0.0/12' },
  { address: '172.31.255.255', range: 'private', cidr: '172.16.0.0/12' },
  { address: '192.0.0.170', range: 'IETF protocol assignments', cidr: '192.0.0.0/24' },
  { address: '192.168.1.1', range: 'private', cidr: '192.168.0.0/16' },
  { address: '198.18.0.1', range: 'benchmarking', cidr: '198.18.0.0/15' },
  { address: '198.19.255.255', range: 'benchmarking', cidr: '198.18.0.0/15' },
  { address: '224.0.0.251', range: 'multicast', cidr: '224.0.0.0/4' },
  { address: '239.255.255.250', range: 'multicast', cidr: '224.0.0.0/4' },
  { address: '240.0.0.1', range: 'reserved / broadcast', cidr: '240.0.0.0/4' },
  { address: '255.255.255.255', range: 'reserved / broadcast', cidr: '240.0.0.0/4' },
  { address: '100.100.100.200', range: 'cloud metadata (Alibaba Cloud)', cidr: '100.100.100.200/32' },
  { address: '::', range: 'unspecified', cidr: '::/128' },
  { address: '::1', range: 'loopback', cidr: '::1/128' },
  { address: '0:0:0:0:0:0:0:1', range: 'loopback', cidr: '::1/128' },
  { address: 'fc00::1', range: 'unique local (private, incl. AWS metadata fd00:ec2::254)', cidr: 'fc00::/7' },
  { address: 'fd00:ec2::254', range: 'unique local (private, incl. AWS metadata fd00:ec2::254)', cidr: 'fc00::/7' },
  { address: 'fe80::1', range: 'link-local', cidr: 'fe80::/10' },
  { address: 'fe80::1%eth0', range: 'link-local', cidr: 'fe80::/10' },
  { address: 'FEBF::1', range: 'link-local', cidr: 'fe80::/10' },
  { address: 'fec0::1', range: 'site-local (deprecated, still routed by some networks)', cidr: 'fec0::/10' },
  { address: 'ff02::1', range: 'multicast', cidr: 'ff00::/8' },
  { address: '2001:0:4136:e378:8000:63bf:3fff:fdd2', range: 'Teredo tunnel', cidr: '2001::/32' },
];

/** IPv6 forms that carry an IPv4 address, judged by that address. */
const embedded: readonly { address: string; v4: string; range: string }[] = [
  { address: '::ffff:127.0.0.1', v4: '127.0.0.1', range: 'loopback' },
  { address: '::ffff:7f00:1', v4: '127.0.0.1', range: 'loopback' },
  { address: '::FFFF:169.254.169.254', v4: '169.254.169.254', range: 'link-local / cloud metadata' },
  { address: '0:0:0:0:0:ffff:a00:1', v4: '10.0.0.1', range: 'private' },
  { address: '64:ff9b::10.0.0.1', v4: '10.0.0.1', range: 'private' },
  { address: '64:ff9b::a9fe:a9fe', v4: '169.254.169.254', range: 'link-local / cloud metadata' },
  { address: '64:ff9b::7f00:1', v4: '127.0.0.1', range: 'loopback' },
  { address: '::127.0.0.1', v4: '127.0.0.1', range: 'loopback' },
  { address: '2002:7f00:1::1', v4: '127.0.0.1', range: 'loopback' },
  { address: '2002:a9fe:a9fe::', v4: '169.254.169.254', range: 'link-local / cloud metadata' },
  { address: '::ffff:127.0.0.1%1', v4: '127.0.0.1', range: 'loopback' },
];

const publicAddresses = [
  '93.184.215.14',
  '8.8.8.8',
  '172.32.0.1',
  '100.128.0.1',
  '198.20.0.1',
  '223.255.255.255',
  '2606:4700:4700::1111',
  '::ffff:8.8.8.8',
  '64:ff9b::8.8.8.8',
  '2002:808:808::1',
  '2001:db9::1',
  '2001:4860:4860::8888',
];

describe('SSRF guard: refused ranges', () => {
  for (const { address, range, cidr } of refused) {
    it(`refuses ${address} as ${range} (${cidr}), naming the range`, () => {
      assert.deepEqual(refusedRangeOf(address), { range, cidr });
      assert.equal(addressPolicy([]).allows('hook.example', address), false);
    });

    it(`refuses a host name the resolver answers with ${address}, naming host, address, range and the setting`, async () => {
      await assert.rejects(
        checkWebhookUrl('https://hook.example/in', addressPolicy([]), answering(address)),
        (error) => {
          assert.ok(isArcaError(error, 'WebhookTargetRefused'), String(error));
          assert.equal(error.status, 400);
          assert.match(error.message, /"hook\.example"/);
          assert.ok(error.message.includes(`${address}, which is ${range} (${cidr})`), error.message);
          assert.match(error.message, /automations\.allow_hosts/);
          return true;
        },
      );
    });
  }

  for (const { address, v4, range } of embedded) {
    it(`judges ${address} by the IPv4 address it carries (${v4}: ${range})`, async () => {
      assert.equal(refusedRangeOf(address)?.range, range);
      assert.equal(refusedRangeOf(address)?.embedded, v4);
      await assert.rejects(checkWebhookUrl('http://hook.example/', addressPolicy([]), answering(address)), (error) => {
        assert.ok(isArcaError(error, 'WebhookTargetRefused'));
        assert.ok(error.message.includes(`${address} → ${v4}, which is ${range}`), error.message);
        return true;
      });
    });
  }

  it('lets public addresses through, including those just outside the refused ranges', async () => {
    const policy = addressPolicy([]);
    for (const address of publicAddresses) {
      assert.equal(refusedRangeOf(address), undefined, address);
      assert.equal(policy.allows('hook.example', address), true, address);
    }
    const url = await checkWebhookUrl('https://hook.example/in?x=1', policy, answering(...publicAddresses));
    assert.equal(url.hostname, 'hook.example');
  });

  it('refuses a name when any one of its addresses is refused, not only the first', async () => {
    await assert.rejects(
      checkWebhookUrl(
        'https://hook.example/',
        addressPolicy([]),
        answering('93.184.215.14', '2606:4700::1', '10.0.0.7'),
      ),
      (error) => isArcaError(error, 'WebhookTargetRefused') && error.message.includes('10.0.0.7'),
    );
  });

  it('refuses IP literals without asking the resolver: 127.0.0.1, [::1], [::ffff:169.254.169.254]', async () => {
    const never: Resolver = () => assert.fail('an IP literal is not resolved');
    for (const url of ['http://127.0.0.1:8080/hook', 'http://[::1]/', 'http://[::ffff:169.254.169.254]/latest']) {
      await assert.rejects(checkWebhookUrl(url, addressPolicy([]), never), (error) =>
        isArcaError(error, 'WebhookTargetRefused'),
      );
    }
  });

  it('refuses the shorthand IPv4 forms URLs normalise to 127.0.0.1 (0x7f.1, 2130706433, 127.1)', async () => {
    for (const url of ['http://0x7f.1/', 'http://2130706433/', 'http://127.1/', 'http://0177.0.0.1/']) {
      await assert.rejects(checkWebhookUrl(url, addressPolicy([]), answering('93.184.215.14')), (error) => {
        assert.ok(isArcaError(error, 'WebhookTargetRefused'), url);
        assert.match(error.message, /"127\.0\.0\.1" has the address 127\.0\.0\.1, which is loopback/);
        return true;
      });
    }
  });

  it('refuses localhost through the system resolver (its addresses are loopback)', async () => {
    await assert.rejects(checkWebhookUrl('http://localhost:9/', addressPolicy([]), systemResolver), (error) =>
      isArcaError(error, 'WebhookTargetRefused'),
    );
  });
});

describe('SSRF guard: automations.allow_hosts', () => {
  it('allows every address of a host name on the list (case-insensitive, trailing dot ignored), and only that name', async () => {
    const policy = addressPolicy(['Hooks.Internal.']);
    assert.equal(policy.allows('hooks.internal', '10.0.0.5'), true);
    assert.equal(policy.allows('HOOKS.INTERNAL.', '127.0.0.1'), true);
    assert.equal(policy.allows('other.internal', '10.0.0.5'), false);
    await checkWebhookUrl('http://hooks.internal/', policy, answering('10.0.0.5', 'fd00::5'));
    await assert.rejects(checkWebhookUrl('http://other.internal/', policy, answering('10.0.0.5')));
  });

  it('allows an IP address on the list, in its IPv4-mapped form too, and no neighbour', async () => {
    const policy = addressPolicy(['127.0.0.1']);
    assert.equal(policy.allows('any', '127.0.0.1'), true);
    assert.equal(policy.allows('any', '::ffff:127.0.0.1'), true);
    assert.equal(policy.allows('any', '127.0.0.2'), false);
    await checkWebhookUrl('http://127.0.0.1:1234/hook', policy);
  });

  it('allows the addresses of an IPv4 CIDR and nothing outside it', () => {
    const policy = addressPolicy(['10.1.0.0/16']);
    assert.equal(policy.allows('h', '10.1.2.3'), true);
    assert.equal(policy.allows('h', '10.2.0.1'), false);
    assert.equal(policy.allows('h', '64:ff9b::10.1.2.3'), true);
  });

  it('allows the addresses of an IPv6 CIDR and nothing outside it', () => {
    const policy = addressPolicy(['fd00::/8', '::1']);
    assert.equal(policy.allows('h', 'fd00:ec2::254'), true);
    assert.equal(policy.allows('h', 'fc00::1'), false);
    assert.equal(policy.allows('h', '::1'), true);
  });

  it('refuses an invalid entry with an error naming it', () => {
    for (const entry of [
      '10.0.0.0/33',
      '::1/129',
      '*.example.com',
      'http://hook',
      '',
      'a b',
      '10.0.0.0/8/1',
      '10.0.0.0/x',
    ]) {
      assert.throws(
        () => addressPolicy(['127.0.0.1', entry]),
        (error: Error) => error.message.includes(JSON.stringify(entry)),
        entry,
      );
    }
  });
});

describe('webhook URL check', () => {
  const policy = addressPolicy([]);
  const resolve = answering('93.184.215.14');
  const invalid: readonly { url: string; says: RegExp }[] = [
    { url: 'ftp://hook.example/', says: /"ftp".*http or https/ },
    { url: 'file:///etc/passwd', says: /"file"/ },
    { url: 'https://user:secret@hook.example/', says: /user name or password/ },
    { url: 'https://hook.example/in#part', says: /fragment/ },
    { url: `https://hook.example/${'a'.repeat(2028)}`, says: /2049 characters long; the most is 2048/ },
    { url: 'hook.example/in', says: /not an absolute URL/ },
    { url: 'https://exa mple.com/', says: /not an absolute URL/ },
  ];
  for (const { url, says } of invalid) {
    it(`refuses ${JSON.stringify(url.slice(0, 40))} with WebhookUrlInvalid (400)`, async () => {
      await assert.rejects(checkWebhookUrl(url, policy, resolve), (error) => {
        assert.ok(isArcaError(error, 'WebhookUrlInvalid'), String(error));
        assert.equal(error.status, 400);
        assert.match(error.message, says);
        return true;
      });
    });
  }

  it('accepts a URL of exactly 2048 characters', async () => {
    const url = `https://hook.example/${'a'.repeat(2048 - 'https://hook.example/'.length)}`;
    assert.equal(url.length, 2048);
    await checkWebhookUrl(url, policy, resolve);
  });

  it('refuses a host that does not resolve, naming the host and the resolver error', async () => {
    const failing: Resolver = () => Promise.reject(Object.assign(new Error('no such host'), { code: 'ENOTFOUND' }));
    await assert.rejects(checkWebhookUrl('https://gone.example/', policy, failing), (error) => {
      assert.ok(isArcaError(error, 'WebhookUrlInvalid'));
      assert.match(error.message, /"gone\.example" of the webhook URL does not resolve \(ENOTFOUND\)/);
      return true;
    });
    await assert.rejects(checkWebhookUrl('https://empty.example/', policy, answering()), (error) =>
      isArcaError(error, 'WebhookUrlInvalid'),
    );
  });
});

describe('guarded lookup', () => {
  const lookupWith = (resolver: Resolver, options: { all?: boolean; family?: number }) =>
    new Promise<{ error: NodeJS.ErrnoException | null; result: unknown; family?: number }>((resolve) => {
      guardedLookup(addressPolicy(['hook.test']), resolver)('hook.test', options, (error, result, family) =>
        resolve({ error, result, family }),
      );
    });

  it('hands the connection the checked addresses in the shape it asked for (all, or one of a family)', async () => {
    const resolver = answering('127.0.0.1', '::1');
    const all = await lookupWith(resolver, { all: true });
    assert.equal(all.error, null);
    assert.deepEqual(all.result, [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    const six = await lookupWith(resolver, { family: 6 });
    assert.deepEqual([six.result, six.family], ['::1', 6]);
  });

  it('fails the connection with WebhookTargetRefused when any address is refused', async () => {
    const { error } = await new Promise<{ error: unknown }>((resolve) => {
      guardedLookup(addressPolicy([]), answering('93.184.215.14', '169.254.169.254'))('hook.test', { all: true }, (e) =>
        resolve({ error: e }),
      );
    });
    assert.ok(isArcaError(error, 'WebhookTargetRefused'));
    assert.match(error.message, /169\.254\.169\.254/);
  });
});
