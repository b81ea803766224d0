//! Per-client token buckets.
//!
//! Pure: the caller passes the current time as a [`Duration`] since any fixed instant, so the
//! arithmetic is tested without sleeping and the HTTP layer decides where time comes from.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr};
use std::time::Duration;

/// How fast a bucket refills and how much it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Most tokens a bucket holds: the burst a quiet client may send at once.
    pub capacity: f64,
    /// Tokens added per second.
    pub per_second: f64,
}

impl Rate {
    /// `per_minute` sustained requests with bursts of up to `burst`. Zeros are raised to one,
    /// so a misconfiguration cannot divide by zero or lock everyone out forever.
    pub fn per_minute(per_minute: u32, burst: u32) -> Self {
        Rate {
            capacity: f64::from(burst.max(1)),
            per_second: f64::from(per_minute.max(1)) / 60.0,
        }
    }
}

/// One client's bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenBucket {
    tokens: f64,
    updated: Duration,
}

impl TokenBucket {
    /// A bucket that starts full, so a new client gets its whole burst.
    pub fn full(rate: &Rate, now: Duration) -> Self {
        TokenBucket {
            tokens: rate.capacity,
            updated: now,
        }
    }

    fn refill(&mut self, rate: &Rate, now: Duration) {
        // saturating_sub: a clock that goes backwards adds nothing instead of panicking.
        let elapsed = now.saturating_sub(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * rate.per_second).min(rate.capacity);
        self.updated = self.updated.max(now);
    }

    /// Takes one token, or says how long until one will be there.
    pub fn try_take(&mut self, rate: &Rate, now: Duration) -> Result<(), Duration> {
        self.refill(rate, now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            let missing = 1.0 - self.tokens;
            Err(Duration::from_secs_f64(missing / rate.per_second))
        }
    }

    /// True when the bucket would be full at `now`: it then carries no information and can
    /// be forgotten, because a fresh bucket for the same client would be identical.
    pub fn is_full_at(&self, rate: &Rate, now: Duration) -> bool {
        let mut b = self.clone();
        b.refill(rate, now);
        b.tokens >= rate.capacity
    }
}

/// Token buckets keyed by client.
///
/// Memory stays bounded: full buckets are swept out once a minute, and when `max_clients`
/// distinct clients are tracked at once, further new clients share one overflow bucket
/// (so an attacker with many addresses throttles only itself and other newcomers, and
/// cannot grow the map without limit).
#[derive(Debug)]
pub struct RateLimiter<K> {
    rate: Rate,
    buckets: HashMap<K, TokenBucket>,
    overflow: TokenBucket,
    max_clients: usize,
    last_sweep: Duration,
}

/// How often full buckets are swept out.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

impl<K: Eq + Hash> RateLimiter<K> {
    /// A limiter with `rate` per client that tracks at most `max_clients` clients.
    pub fn new(rate: Rate, max_clients: usize, now: Duration) -> Self {
        RateLimiter {
            rate,
            buckets: HashMap::new(),
            overflow: TokenBucket::full(&rate, now),
            max_clients: max_clients.max(1),
            last_sweep: now,
        }
    }

    /// Counts one request from `key`: `Ok` to let it through, `Err(wait)` to refuse it,
    /// where `wait` is how long until the client's next request would be let through.
    pub fn check(&mut self, key: K, now: Duration) -> Result<(), Duration> {
        if now.saturating_sub(self.last_sweep) >= SWEEP_EVERY {
            self.sweep(now);
        }
        let rate = self.rate;
        if let Some(bucket) = self.buckets.get_mut(&key) {
            return bucket.try_take(&rate, now);
        }
        if self.buckets.len() >= self.max_clients {
            self.sweep(now);
            if self.buckets.len() >= self.max_clients {
                return self.overflow.try_take(&rate, now);
            }
        }
        let mut bucket = TokenBucket::full(&rate, now);
        let verdict = bucket.try_take(&rate, now);
        self.buckets.insert(key, bucket);
        verdict
    }

    /// Forgets every bucket that has refilled completely.
    pub fn sweep(&mut self, now: Duration) {
        let rate = self.rate;
        self.buckets.retain(|_, b| !b.is_full_at(&rate, now));
        self.last_sweep = now;
    }

    /// How many clients are tracked.
    pub fn tracked_clients(&self) -> usize {
        self.buckets.len()
    }
}

/// The rate-limit key for an address: IPv4 as is, IPv6 by its /64 prefix.
///
/// One IPv6 host usually owns a whole /64 and can pick a new address per request, so
/// limiting single IPv6 addresses would limit nothing. IPv4-mapped IPv6 addresses are
/// treated as the IPv4 address they carry.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return IpAddr::V4(v4);
            }
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn a_new_client_gets_the_whole_burst_then_waits() {
        let rate = Rate::per_minute(60, 20);
        let mut b = TokenBucket::full(&rate, secs(100.0));
        for i in 0..20 {
            assert_eq!(b.try_take(&rate, secs(100.0)), Ok(()), "request {i}");
        }
        let wait = b.try_take(&rate, secs(100.0)).unwrap_err();
        // 60/min is one token a second.
        assert!((wait.as_secs_f64() - 1.0).abs() < 1e-9, "{wait:?}");
    }

    /// Takes a token from a bucket that was full at `full_at` seconds, at each
    /// `(seconds, granted)` step in turn, checking that it is granted (or refused) as
    /// expected.
    fn expect_takes(rate: Rate, full_at: f64, steps: &[(f64, bool)]) {
        let mut bucket = TokenBucket::full(&rate, secs(full_at));
        for (i, &(at, granted)) in steps.iter().enumerate() {
            let taken = bucket.try_take(&rate, secs(at)).is_ok();
            assert_eq!(taken, granted, "step {i}, at {at} s");
        }
    }

    #[test]
    fn tokens_come_back_at_the_configured_rate() {
        let rate = Rate::per_minute(60, 2);
        let mut b = TokenBucket::full(&rate, secs(0.0));
        assert!(b.try_take(&rate, secs(0.0)).is_ok());
        assert!(b.try_take(&rate, secs(0.0)).is_ok());
        let wait = b.try_take(&rate, secs(0.25)).unwrap_err();
        assert!((wait.as_secs_f64() - 0.75).abs() < 1e-9, "{wait:?}");
        assert!(b.try_take(&rate, secs(1.0)).is_ok());
        assert!(b.try_take(&rate, secs(1.0)).is_err());
    }

    #[test]
    fn a_refused_request_costs_nothing() {
        let mut steps = vec![(0.0, true)];
        steps.extend([(0.5, false); 100]);
        steps.push((1.0, true));
        expect_takes(Rate::per_minute(60, 1), 0.0, &steps);
    }

    #[test]
    fn a_bucket_never_holds_more_than_its_capacity() {
        let steps = [
            (3600.0, true),
            (3600.0, true),
            (3600.0, true),
            (3600.0, false),
        ];
        expect_takes(Rate::per_minute(600, 3), 0.0, &steps);
    }

    #[test]
    fn time_going_backwards_adds_nothing() {
        let steps = [(10.0, true), (5.0, false), (10.5, false), (11.0, true)];
        expect_takes(Rate::per_minute(60, 1), 10.0, &steps);
    }

    #[test]
    fn zero_rates_are_raised_to_one() {
        let rate = Rate::per_minute(0, 0);
        assert_eq!(rate.capacity, 1.0);
        assert!(rate.per_second > 0.0);
    }

    #[test]
    fn clients_have_separate_buckets() {
        let mut l = RateLimiter::new(Rate::per_minute(60, 2), 100, secs(0.0));
        assert!(l.check("a", secs(0.0)).is_ok());
        assert!(l.check("a", secs(0.0)).is_ok());
        assert!(l.check("a", secs(0.0)).is_err());
        assert!(l.check("b", secs(0.0)).is_ok());
        assert!(l.check("b", secs(0.0)).is_ok());
        assert!(l.check("b", secs(0.0)).is_err());
    }

    #[test]
    fn full_buckets_are_swept_and_nothing_is_lost_by_it() {
        let mut l = RateLimiter::new(Rate::per_minute(60, 2), 100, secs(0.0));
        assert!(l.check("a", secs(0.0)).is_ok());
        assert!(l.check("b", secs(0.0)).is_ok());
        assert!(l.check("b", secs(0.0)).is_ok());
        assert_eq!(l.tracked_clients(), 2);
        // At 1.5 s, a has refilled (1 token used) and b has not (2 used).
        l.sweep(secs(1.5));
        assert_eq!(l.tracked_clients(), 1);
        assert!(l.check("b", secs(1.5)).is_ok());
        assert!(l.check("b", secs(1.5)).is_err());
        // A sweep happens by itself after a minute.
        assert!(l.check("c", secs(120.0)).is_ok());
        assert_eq!(l.tracked_clients(), 1);
    }

    #[test]
    fn too_many_clients_share_the_overflow_bucket() {
        let mut l = RateLimiter::new(Rate::per_minute(60, 2), 2, secs(0.0));
        assert!(l.check(1, secs(0.0)).is_ok());
        assert!(l.check(2, secs(0.0)).is_ok());
        // 3 and 4 are not tracked separately: they share two tokens.
        assert!(l.check(3, secs(0.0)).is_ok());
        assert!(l.check(4, secs(0.0)).is_ok());
        assert!(l.check(5, secs(0.0)).is_err());
        assert_eq!(l.tracked_clients(), 2);
    }

    #[test]
    fn ipv6_is_keyed_by_its_64_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let v4: IpAddr = "192.0.2.7".parse().unwrap();
        assert_eq!(client_key(v4), v4);
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), v4);
    }
}
