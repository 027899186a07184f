//! Short-lived answers kept in memory, for anonymous pages that cost work and are the same for everyone (public
//! figures, QR images): a crawler or a script asking again and again is served the copy, not a new computation.
//! Bounded: past its size, expired entries go first, then everything (a burst of distinct keys costs a recount,
//! never memory).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::qr_image;

pub struct Recent<K, V> {
    ttl: Duration,
    max_entries: usize,
    entries: Mutex<HashMap<K, (Instant, V)>>,
}

impl<K: Hash + Eq, V: Clone> Recent<K, V> {
    pub fn new(ttl: Duration, max_entries: usize) -> Recent<K, V> {
        Recent { ttl, max_entries, entries: Mutex::new(HashMap::new()) }
    }

    /// The kept copy for `key` when it is younger than the time to live, else `compute`'s answer (kept when it
    /// is `Ok`; a refusal is not kept, so a unit created a moment later is found).
    pub async fn get_or<E>(&self, key: K, compute: impl AsyncFnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some(value) = self.fresh(&key, Instant::now()) {
            return Ok(value);
        }
        let value = compute().await?;
        self.keep(key, value.clone(), Instant::now());
        Ok(value)
    }

    /// Forgets every copy (after a change the copies must not hide).
    pub fn clear(&self) {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    fn fresh(&self, key: &K, now: Instant) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.get(key).filter(|(at, _)| now.duration_since(*at) < self.ttl).map(|(_, value)| value.clone())
    }

    fn keep(&self, key: K, value: V, now: Instant) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.max_entries {
            entries.retain(|_, (at, _)| now.duration_since(*at) < self.ttl);
            if entries.len() >= self.max_entries {
                entries.clear();
            }
        }
        entries.insert(key, (now, value));
    }
}

/// QR images by the address they carry: a code's image never changes, so ten minutes is only to bound memory.
pub struct QrImages(Recent<String, Vec<u8>>);

impl Default for QrImages {
    fn default() -> QrImages {
        QrImages(Recent::new(Duration::from_secs(600), 2000))
    }
}

impl QrImages {
    /// The PNG of `url` (600 px a side at least); `None` when it is too long for a code.
    pub async fn png(&self, url: &str) -> Option<Vec<u8>> {
        self.0.get_or(format!("png {url}"), async || qr_image::png(url, 600).await.ok_or(())).await.ok()
    }

    pub async fn svg(&self, url: &str) -> Option<String> {
        let svg = self.0.get_or(format!("svg {url}"), async || qr_image::svg(url).map(String::into_bytes).ok_or(()));
        String::from_utf8(svg.await.ok()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_served_while_fresh_and_the_size_stays_bounded() {
        let cache = Recent::new(Duration::from_secs(60), 2);
        let start = Instant::now();
        cache.keep("a", 1, start);
        assert_eq!(cache.fresh(&"a", start + Duration::from_secs(59)), Some(1));
        assert_eq!(cache.fresh(&"a", start + Duration::from_secs(60)), None, "expired");
        cache.keep("b", 2, start);
        cache.keep("c", 3, start + Duration::from_secs(61)); // full: the two expired go
        assert_eq!(cache.entries.lock().unwrap().len(), 1);
        cache.keep("d", 4, start + Duration::from_secs(61));
        cache.keep("e", 5, start + Duration::from_secs(61)); // full of fresh ones: cleared
        assert_eq!(cache.entries.lock().unwrap().len(), 1);
        assert_eq!(cache.fresh(&"e", start + Duration::from_secs(62)), Some(5));
    }

    #[tokio::test]
    async fn a_refusal_is_not_kept() {
        let cache = Recent::new(Duration::from_secs(60), 10);
        assert_eq!(cache.get_or("x", async || Err::<i32, _>("none yet")).await, Err("none yet"));
        assert_eq!(cache.get_or("x", async || Ok::<_, &str>(7)).await, Ok(7));
        assert_eq!(cache.get_or("x", async || Ok::<_, &str>(8)).await, Ok(7), "the copy, not a recount");
    }
}
