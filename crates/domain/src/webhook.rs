//! Outgoing webhooks: what a delivery is signed with, how long to wait before trying again, and which addresses a
//! manager may give. A receiver checks `X-Hailong-Signature` = `sha256=` + hex HMAC-SHA256 of
//! `"{X-Hailong-Timestamp}.{body}"` with the webhook's secret, and may refuse old timestamps (replays).
//!
//! A webhook must not become a way into the server's own network (SSRF): an address that is, or resolves to, a
//! loopback, private, link-local, shared, unique-local, unspecified, multicast, broadcast or reserved address is
//! refused unless the operator named it in `HAILONG_WEBHOOK_ALLOW` ([`Allowed`]). Addresses are read exactly as the
//! HTTP client reads them (the WHATWG URL rules of the `url` crate), so `2130706433`, `0x7f.1`, `0177.0.0.1` and
//! `127.1` are all 127.0.0.1 here too; IPv6 forms that carry an IPv4 address are judged by that address.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Attempts before a delivery is given up.
pub const MAX_ATTEMPTS: u32 = 8;
const FIRST_RETRY_MS: i64 = 30_000;
const LONGEST_RETRY_MS: i64 = 6 * 3_600_000;
/// Longest address accepted.
pub const URL_MAX_CHARS: usize = 500;

/// The signature header's value for a body sent at `timestamp` (seconds since the epoch).
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// How long to wait after the `attempt`-th failed attempt (1-based): 30 s, 2 min, 8 min, 32 min, ~2 h, then 6 h;
/// `None` once [`MAX_ATTEMPTS`] have failed (the delivery is given up, and says so in the log).
pub fn retry_delay_ms(attempt: u32) -> Option<i64> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let growth = 4_i64.saturating_pow(attempt.saturating_sub(1));
    Some(FIRST_RETRY_MS.saturating_mul(growth).min(LONGEST_RETRY_MS))
}

/// Why an address is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not `http://` or `https://`, no host, or not an address at all.
    NotHttp,
    /// `user:password@` in the address: it would be shown and logged; the signature is the authentication.
    Credentials,
    TooLong,
    /// The address is, or resolves to, one of the server's own or a private network's, and the operator did not
    /// allow it.
    Internal,
    /// The name resolves to no address (checked when the webhook is set).
    Unresolved,
}

/// An address a manager gave, checked: http(s), no credentials, not an internal address by its spelling. A
/// [`WebhookHost::Name`] must still have each address it resolves to checked with [`check_address`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookUrl {
    pub url: String,
    pub host: WebhookHost,
    pub port: u16,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebhookHost {
    Ip(IpAddr),
    /// A DNS name, lower case, without a trailing dot.
    Name(String),
}

/// Checks an address a manager typed (and, again, a stored one before each delivery).
pub fn check_url(raw: &str, allowed: &Allowed) -> Result<WebhookUrl, UrlProblem> {
    let raw = raw.trim();
    if raw.chars().count() > URL_MAX_CHARS {
        return Err(UrlProblem::TooLong);
    }
    if raw.chars().any(char::is_whitespace) {
        return Err(UrlProblem::NotHttp);
    }
    let parsed = url::Url::parse(raw).map_err(|_| UrlProblem::NotHttp)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(UrlProblem::NotHttp);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(UrlProblem::Credentials);
    }
    let host = match parsed.host().ok_or(UrlProblem::NotHttp)? {
        url::Host::Ipv4(ip) => WebhookHost::Ip(IpAddr::V4(ip)),
        url::Host::Ipv6(ip) => WebhookHost::Ip(IpAddr::V6(ip)),
        url::Host::Domain(name) => WebhookHost::Name(name.trim_end_matches('.').to_ascii_lowercase()),
    };
    match &host {
        WebhookHost::Name(name) if name.is_empty() => return Err(UrlProblem::NotHttp),
        WebhookHost::Name(name) if is_local_name(name) && !allowed.names.contains(name) => {
            return Err(UrlProblem::Internal)
        }
        WebhookHost::Ip(ip) => check_address(*ip, None, allowed)?,
        WebhookHost::Name(_) => {}
    }
    let port = parsed.port_or_known_default().ok_or(UrlProblem::NotHttp)?;
    Ok(WebhookUrl { url: raw.to_owned(), host, port })
}

/// Whether a delivery may connect to `ip` (reached through the name `via`, when it was a name).
pub fn check_address(ip: IpAddr, via: Option<&str>, allowed: &Allowed) -> Result<(), UrlProblem> {
    let named = via.is_some_and(|name| allowed.names.iter().any(|n| n == name));
    if is_public(ip) || named || allowed.networks.iter().any(|net| net.contains(ip)) {
        Ok(())
    } else {
        Err(UrlProblem::Internal)
    }
}

/// Names every resolver answers locally.
fn is_local_name(name: &str) -> bool {
    name == "localhost" || name.ends_with(".localhost")
}

/// Whether an address belongs to the public internet: not loopback, private (RFC 1918), shared (100.64/10),
/// link-local, unique-local, unspecified, multicast, broadcast, documentation or otherwise reserved. An IPv6
/// address that carries an IPv4 one (mapped, compatible, NAT64, 6to4) is judged by the IPv4 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0 // "this network", 0.0.0.0 among it
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier-grade NAT)
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 192 && b == 0 && (c == 0 || c == 2)) // IETF protocol assignments, TEST-NET-1
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // TEST-NET-2
        || (a == 203 && b == 0 && c == 113) // TEST-NET-3
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link local
        || (first & 0xffc0) == 0xfec0 // site local (deprecated)
        || (first & 0xff00) == 0xff00 // multicast
        || (first == 0x2001 && ip.segments()[1] == 0x0db8) // documentation
        || ip.segments()[..4] == [0x0100, 0, 0, 0]) // discard only
}

/// The IPv4 address an IPv6 one stands for: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64
/// (64:ff9b::a.b.c.d) or 6to4 (2002:aabb:ccdd::).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = || Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        [0, 0, 0, 0, 0, 0xffff, ..] | [0x64, 0xff9b, 0, 0, 0, 0, ..] => Some(low()),
        [0, 0, 0, 0, 0, 0, ..] if !ip.is_unspecified() && !ip.is_loopback() => Some(low()),
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8)),
        _ => None,
    }
}

/// What the operator allowed beyond the public internet (`HAILONG_WEBHOOK_ALLOW`): comma-separated host names,
/// addresses and networks, e.g. `chatbot.ubnd.local, 10.0.0.5, 192.168.10.0/24`. Empty by default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allowed {
    names: Vec<String>,
    networks: Vec<Network>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Network {
    base: IpAddr,
    prefix: u8,
}

impl Network {
    fn contains(self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.base, ip) {
            (IpAddr::V4(base), IpAddr::V4(ip)) => prefix_eq(&base.octets(), &ip.octets(), self.prefix),
            (IpAddr::V6(base), IpAddr::V6(ip)) => prefix_eq(&base.octets(), &ip.octets(), self.prefix),
            _ => false,
        }
    }
}

fn prefix_eq(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let (whole, rest) = (usize::from(prefix / 8), prefix % 8);
    a[..whole] == b[..whole] && (rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0)
}

impl Allowed {
    /// Reads the setting; an entry that is neither a host name nor an address or network is an error naming it.
    pub fn parse(setting: &str) -> Result<Allowed, String> {
        let mut allowed = Allowed::default();
        for entry in setting.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (addr, prefix) = entry.split_once('/').map_or((entry, None), |(a, p)| (a, Some(p)));
            if let Ok(base) = addr.trim_matches(['[', ']']).parse::<IpAddr>() {
                let max = if base.is_ipv4() { 32 } else { 128 };
                let prefix = match prefix {
                    None => max,
                    Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| entry.to_owned())?,
                };
                allowed.networks.push(Network { base, prefix });
            } else if prefix.is_none()
                && entry.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
                && entry.chars().any(|c| c.is_ascii_alphabetic())
            {
                allowed.names.push(entry.trim_end_matches('.').to_ascii_lowercase());
            } else {
                return Err(entry.to_owned());
            }
        }
        Ok(allowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hmac_of_timestamp_dot_body() {
        let got = signature("key", 1, "{}");
        assert!(got.starts_with("sha256=") && got.len() == 7 + 64);
        assert_eq!(got, signature("key", 1, "{}"), "the same input signs the same");
        assert_ne!(got, signature("key", 2, "{}"), "the timestamp is signed");
        assert_ne!(got, signature("other", 1, "{}"), "the secret matters");
        // Computed apart: `printf '1700000000.hello' | openssl dgst -sha256 -hmac secret`.
        assert_eq!(
            signature("secret", 1_700_000_000, "hello"),
            "sha256=47b1df0ab12338b2685470b0d2b37033add7c3b2bc8172f313e77413f1bb78c8"
        );
    }

    #[test]
    fn retries_wait_longer_each_time_then_stop() {
        let delays: Vec<_> = (1..=MAX_ATTEMPTS).map(retry_delay_ms).collect();
        assert_eq!(delays[0], Some(30_000));
        assert_eq!(delays[1], Some(120_000));
        assert_eq!(delays[2], Some(480_000));
        assert_eq!(delays[6], Some(LONGEST_RETRY_MS), "capped at six hours");
        assert_eq!(delays[7], None, "given up after the eighth");
    }

    fn check(raw: &str) -> Result<String, UrlProblem> {
        check_url(raw, &Allowed::default()).map(|u| u.url)
    }

    #[test]
    fn only_plain_http_addresses_are_taken() {
        assert_eq!(check(" https://motcua.khanhhoa.gov.vn/hook "), Ok("https://motcua.khanhhoa.gov.vn/hook".into()));
        assert_eq!(check("http://203.113.0.5:8080/hailong"), Ok("http://203.113.0.5:8080/hailong".into()));
        assert_eq!(check("ftp://x"), Err(UrlProblem::NotHttp));
        assert_eq!(check("https://"), Err(UrlProblem::NotHttp));
        assert_eq!(check("https://a b"), Err(UrlProblem::NotHttp));
        assert_eq!(check("javascript:alert(1)"), Err(UrlProblem::NotHttp));
        assert_eq!(check("https://u:p@host/x"), Err(UrlProblem::Credentials));
        assert_eq!(check("https://u@host/x"), Err(UrlProblem::Credentials));
        assert_eq!(check(&format!("https://h/{}", "a".repeat(600))), Err(UrlProblem::TooLong));
        let url = check_url("https://Hook.Example.VN./x", &Allowed::default()).unwrap();
        assert_eq!((url.host, url.port), (WebhookHost::Name("hook.example.vn".into()), 443));
    }

    #[test]
    fn every_spelling_of_an_internal_address_is_refused() {
        for raw in [
            "http://127.0.0.1/",
            "http://localhost:8080/",
            "http://LOCALHOST./",
            "http://api.localhost/",
            "http://[::1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/",
            "http://2130706433/",
            "http://0x7f000001/",
            "http://0x7f.1/",
            "http://0177.0.0.1/",
            "http://017700000001/",
            "http://127.1/",
            "http://0/",
            "http://0.0.0.0/",
            "http://[::]/",
            "http://172.16.5.4/",
            "http://172.31.255.255/",
            "http://192.168.1.1/",
            "http://100.64.0.1/",
            "http://100.127.255.254/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
            "http://[fe80::1]/",
            "http://[fc00::1]/",
            "http://[fd12:3456::1]/",
            "http://[ff02::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://[::127.0.0.1]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://[2002:c0a8:0101::1]/",
        ] {
            assert_eq!(check(raw), Err(UrlProblem::Internal), "{raw}");
        }
        for public in ["http://8.8.8.8/", "http://100.128.0.1/", "http://172.32.0.1/", "http://[2001:4860::8888]/"] {
            assert!(check(public).is_ok(), "{public}");
        }
    }

    #[test]
    fn an_operator_may_allow_names_and_networks_of_the_office() {
        let allowed = Allowed::parse(" chatbot.ubnd.local , 10.0.0.5, 192.168.10.0/24, fd00::/8 ,localhost").unwrap();
        let ok = |raw: &str| check_url(raw, &allowed).is_ok();
        assert!(ok("http://10.0.0.5:8080/hook"));
        assert!(!ok("http://10.0.0.6/hook"), "only the address named");
        assert!(ok("http://192.168.10.77/") && !ok("http://192.168.11.1/"), "a /24 is its 256 addresses");
        assert!(ok("http://[::ffff:192.168.10.1]/"), "a mapped address is the IPv4 one");
        assert!(ok("http://[fd00::5]/") && !ok("http://[fc00::5]/"));
        assert!(ok("http://localhost:9000/"), "a name the operator wrote");
        let via = |ip: [u8; 4], name: &str| check_address(IpAddr::from(ip), Some(name), &allowed);
        assert_eq!(via([192, 168, 50, 2], "chatbot.ubnd.local"), Ok(()), "an allowed name may resolve inside");
        assert_eq!(via([192, 168, 50, 2], "evil.example"), Err(UrlProblem::Internal), "another name may not");
        assert_eq!(Allowed::parse("10.0.0.0/33"), Err("10.0.0.0/33".into()));
        assert_eq!(Allowed::parse("http://x"), Err("http://x".into()));
        assert_eq!(Allowed::parse(""), Ok(Allowed::default()));
    }
}
