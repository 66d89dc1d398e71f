import { expect } from 'chai';
import { groupClientAddress } from '../../../src/keys/client-address';

describe('groupClientAddress', () => {
  const grouping = { ipv4Prefix: 32, ipv6Prefix: 64 };

  it('keeps a whole IPv4 address by default', () => {
    expect(groupClientAddress('203.0.113.7', grouping)).to.equal('v4:203.0.113.7/32');
  });

  it('masks IPv4 addresses to a shorter prefix when configured', () => {
    expect(groupClientAddress('203.0.113.7', { ...grouping, ipv4Prefix: 24 })).to.equal(
      'v4:203.0.113.0/24',
    );
  });

  it('puts every address of one IPv6 /64 in one group', () => {
    const a = groupClientAddress('2001:db8:1:2::1', grouping);
    const b = groupClientAddress('2001:db8:1:2:ffff:eeee:dddd:cccc', grouping);
    expect(a).to.equal('v6:2001:0db8:0001:0002:0000:0000:0000:0000/64');
    expect(b).to.equal(a);
  });

  it('separates neighbouring IPv6 /64s', () => {
    expect(groupClientAddress('2001:db8:1:3::1', grouping)).to.not.equal(
      groupClientAddress('2001:db8:1:2::1', grouping),
    );
  });

  it('spells one IPv6 address one way whatever its notation', () => {
    const full = groupClientAddress('2001:0DB8:0000:0000:0000:0000:0000:0001', {
      ...grouping,
      ipv6Prefix: 128,
    });
    expect(groupClientAddress('2001:db8::1', { ...grouping, ipv6Prefix: 128 })).to.equal(full);
  });

  it('honours a prefix that splits a hextet', () => {
    expect(groupClientAddress('2001:db8:abcd:ffff::1', { ...grouping, ipv6Prefix: 52 })).to.equal(
      'v6:2001:0db8:abcd:f000:0000:0000:0000:0000/52',
    );
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(groupClientAddress('::ffff:203.0.113.7', grouping)).to.equal('v4:203.0.113.7/32');
    expect(groupClientAddress('::ffff:cb00:7107', grouping)).to.equal('v4:203.0.113.7/32');
  });

  it('ignores a zone identifier and brackets', () => {
    expect(groupClientAddress('[fe80::1%eth0]', grouping)).to.equal(
      groupClientAddress('fe80::2', grouping),
    );
  });

  it('keeps a non-IP address as it is', () => {
    expect(groupClientAddress('/tmp/app.sock', grouping)).to.equal('raw:/tmp/app.sock');
  });
});
