//! Which address a request really comes from when proxies stand in between.
//!
//! `X-Forwarded-For` is only believed when the peer is a configured trusted proxy, and then
//! only as far as trusted proxies vouch for it: reading from the right, every proxy appends
//! the address it saw, so the right-most address that is *not* a trusted proxy is the client.
//! Anything to its left was written by the client itself and is ignored.
//!
//! ```
//! use collector::forwarded::TrustedProxies;
//! use std::net::IpAddr;
//!
//! let proxies: TrustedProxies = "127.0.0.1, 10.0.0.0/8".parse().unwrap();
//! let ip = |s: &str| s.parse::<IpAddr>().unwrap();
//! // From the proxy: the right-most hop that is not a proxy.
//! assert_eq!(
//!     proxies.client_ip(ip("127.0.0.1"), ["6.6.6.6, 198.51.100.7, 10.1.2.3"]),
//!     ip("198.51.100.7")
//! );
//! // From anyone else: the header is ignored.
//! assert_eq!(proxies.client_ip(ip("203.0.113.9"), ["6.6.6.6"]), ip("203.0.113.9"));
//! ```

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

/// At most this many `X-Forwarded-For` entries are looked at, from the right. Real chains
/// have one to three proxies; the cap keeps the walk cheap whatever a client sends.
const MAX_HOPS: usize = 32;

/// An IP network: an address and a prefix length (`10.0.0.0/8`, `2001:db8::/32`, or a single
/// address, which is a /32 or /128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// True when `ip` lies in this network. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`)
    /// count as the IPv4 address they carry.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                prefix_eq(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_eq(&net.octets(), &ip.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

/// `::ffff:a.b.c.d` becomes `a.b.c.d`; everything else is unchanged.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// Whether the first `prefix` bits of `a` and `b` are equal.
fn prefix_eq(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let full = usize::from(prefix / 8);
    let rest = prefix % 8;
    if a[..full] != b[..full] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    (a[full] & mask) == (b[full] & mask)
}

impl FromStr for IpNet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (addr_text, prefix_text) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr_text
            .parse()
            .map_err(|_| format!("{s:?} is not an IP address or CIDR like 10.0.0.0/8"))?;
        let addr = canonical(addr);
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix_text {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s:?}: the prefix length must be 0 to {max}"))?,
        };
        let net = IpNet { addr, prefix };
        // `10.1.2.3/8` is almost certainly a typo; say what was probably meant.
        let network = network_address(addr, prefix);
        if network != addr {
            return Err(format!(
                "{s:?} has bits set after the prefix; did you mean {network}/{prefix}?"
            ));
        }
        Ok(net)
    }
}

/// `addr` with every bit after the first `prefix` cleared.
fn network_address(addr: IpAddr, prefix: u8) -> IpAddr {
    fn clear(bytes: &mut [u8], prefix: u8) {
        for (i, byte) in bytes.iter_mut().enumerate() {
            let start = (i * 8) as u32;
            let keep = u32::from(prefix).saturating_sub(start).min(8);
            *byte &= if keep == 0 { 0 } else { 0xffu8 << (8 - keep) };
        }
    }
    match addr {
        IpAddr::V4(v4) => {
            let mut o = v4.octets();
            clear(&mut o, prefix);
            IpAddr::from(o)
        }
        IpAddr::V6(v6) => {
            let mut o = v6.octets();
            clear(&mut o, prefix);
            IpAddr::from(o)
        }
    }
}

impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The proxies whose `X-Forwarded-For` is believed. Empty (the default) trusts no one, so
/// the client is always the peer address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Trusts no proxy.
    pub fn none() -> Self {
        TrustedProxies(Vec::new())
    }

    /// Parses each entry as an [`IpNet`]; empty entries are skipped.
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        entries
            .into_iter()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(IpNet::from_str)
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    /// True when no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when `ip` is one of the trusted proxies.
    pub fn is_trusted(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client's address for a request from `peer` carrying these `X-Forwarded-For`
    /// header values (in the order they appear in the request).
    ///
    /// From an untrusted peer, the header is ignored. From a trusted one, the entries are
    /// read from the right and the first that is not a trusted proxy is the client. An
    /// entry that is not an address ends the walk: the last trusted hop is then the best
    /// answer anyone can vouch for.
    pub fn client_ip<'a>(
        &self,
        peer: IpAddr,
        forwarded_for: impl IntoIterator<Item = &'a str>,
    ) -> IpAddr {
        if !self.is_trusted(peer) {
            return peer;
        }
        let values: Vec<&str> = forwarded_for.into_iter().collect();
        let entries = values.iter().rev().flat_map(|v| v.rsplit(','));
        let mut client = peer;
        for entry in entries.take(MAX_HOPS) {
            let Some(hop) = parse_hop(entry) else {
                return client;
            };
            client = hop;
            if !self.is_trusted(hop) {
                return hop;
            }
        }
        client
    }
}

/// `198.51.100.7`, `2001:db8::1`, `198.51.100.7:1234` or `[2001:db8::1]:1234`.
fn parse_hop(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(canonical)
}

/// Comma-separated, as in `COLLECTOR_TRUSTED_PROXIES`.
impl FromStr for TrustedProxies {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        TrustedProxies::from_entries(s.split(','))
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(none)");
        }
        for (i, net) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{net}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_parse_and_match() {
        for (net, addr, inside) in [
            ("10.0.0.0/8", "10.255.1.2", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("192.168.4.0/22", "192.168.7.255", true),
            ("192.168.4.0/22", "192.168.8.0", false),
            ("127.0.0.1", "127.0.0.1", true),
            // IPv4-mapped.
            ("127.0.0.1", "::ffff:127.0.0.1", true),
            ("127.0.0.1", "127.0.0.2", false),
            ("2001:db8::/32", "2001:db8:ffff::1", true),
            ("2001:db8::/32", "2001:db9::1", false),
            ("2001:db8::/32", "10.0.0.1", false),
            ("0.0.0.0/0", "203.0.113.1", true),
        ] {
            let parsed: IpNet = net.parse().unwrap();
            assert_eq!(parsed.contains(ip(addr)), inside, "{net} contains {addr}");
        }
    }

    #[test]
    fn bad_networks_are_explained() {
        for (bad, says) in [
            ("10.0.0.0/33", "0 to 32"),
            ("::/129", "0 to 128"),
            ("10.1.2.3/8", "did you mean 10.0.0.0/8"),
            ("localhost", "not an IP address"),
            ("10.0.0.0/x", "prefix length"),
            ("", "not an IP address"),
        ] {
            let e = bad.parse::<IpNet>().unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
        let e = "127.0.0.1, nope".parse::<TrustedProxies>().unwrap_err();
        assert!(e.contains("nope"), "{e}");
        assert!(" , ".parse::<TrustedProxies>().unwrap().is_empty());
    }

    #[test]
    fn untrusted_peers_are_the_client_whatever_they_send() {
        let none = TrustedProxies::none();
        assert_eq!(
            none.client_ip(ip("203.0.113.9"), ["1.2.3.4"]),
            ip("203.0.113.9")
        );
        let some: TrustedProxies = "127.0.0.1".parse().unwrap();
        assert_eq!(
            some.client_ip(ip("203.0.113.9"), ["1.2.3.4", "5.6.7.8"]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let proxies: TrustedProxies = "127.0.0.1, 10.0.0.0/8".parse().unwrap();
        let peer = "127.0.0.1";
        // The header lines, and the client they name.
        let cases: [(&[&str], &str); 10] = [
            // The client prepended an invented address; the proxy appended the real one.
            (&["6.6.6.6, 198.51.100.7"], "198.51.100.7"),
            // Two proxies: the inner one is skipped too.
            (&["6.6.6.6, 198.51.100.7, 10.0.0.5"], "198.51.100.7"),
            // Several header lines count as one list, in order.
            (&["6.6.6.6", "198.51.100.7", "10.0.0.5"], "198.51.100.7"),
            // With ports, and IPv6.
            (&["198.51.100.7:5555"], "198.51.100.7"),
            (&["[2001:db8::7]:5555"], "2001:db8::7"),
            // No header: the proxy itself.
            (&[], peer),
            // Only proxies: the left-most of them.
            (&["10.0.0.9, 10.0.0.5"], "10.0.0.9"),
            // Garbage written by the client, to the left of a real hop, does not matter...
            (&["nonsense, 198.51.100.7"], "198.51.100.7"),
            // ...and garbage where a proxy should have written leaves the last trusted hop.
            (&["198.51.100.7, junk"], peer),
            (&["198.51.100.7, junk, 10.0.0.5"], "10.0.0.5"),
        ];
        for (header_lines, client) in cases {
            assert_eq!(
                proxies.client_ip(ip(peer), header_lines.iter().copied()),
                ip(client),
                "{header_lines:?}"
            );
        }
    }

    #[test]
    fn the_walk_is_bounded() {
        let everyone: TrustedProxies = "0.0.0.0/0".parse().unwrap();
        let long = vec!["10.0.0.1"; 10_000].join(",");
        assert_eq!(
            everyone.client_ip(ip("127.0.0.1"), [long.as_str()]),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn display_lists_the_networks() {
        let proxies: TrustedProxies = "127.0.0.1, 10.0.0.0/8".parse().unwrap();
        assert_eq!(proxies.to_string(), "127.0.0.1/32, 10.0.0.0/8");
        assert_eq!(TrustedProxies::none().to_string(), "(none)");
    }
}
