//! Bounded places: how many of something (connections, live streams) are open, in all and per key (a client
//! address, an account, a session), each with its cap. A place is given back when it is dropped, however its
//! holder ends (a closed socket, a browser gone).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

pub struct Places<K: Hash + Eq> {
    max_total: usize,
    taken: Arc<Mutex<Taken<K>>>,
}

struct Taken<K> {
    total: usize,
    per_key: HashMap<K, usize>,
}

/// Which cap refused a place: the total's, or the key's at this index of those asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Full {
    Total,
    Key(usize),
}

/// One place; given back on drop.
pub struct Place<K: Hash + Eq> {
    keys: Vec<K>,
    taken: Arc<Mutex<Taken<K>>>,
}

impl<K: Hash + Eq + Clone> Places<K> {
    pub fn new(max_total: usize) -> Places<K> {
        Places { max_total, taken: Arc::new(Mutex::new(Taken { total: 0, per_key: HashMap::new() })) }
    }

    /// How many places are taken, in all.
    pub fn total(&self) -> usize {
        self.taken.lock().unwrap_or_else(PoisonError::into_inner).total
    }

    /// A place counted against the total and against each `(key, its cap)`, or which cap is full.
    pub fn take(&self, keys: Vec<(K, usize)>) -> Result<Place<K>, Full> {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        if taken.total >= self.max_total {
            return Err(Full::Total);
        }
        if let Some(full) = keys.iter().position(|(key, cap)| taken.per_key.get(key).copied().unwrap_or(0) >= *cap) {
            return Err(Full::Key(full));
        }
        taken.total += 1;
        for (key, _) in &keys {
            *taken.per_key.entry(key.clone()).or_default() += 1;
        }
        Ok(Place { keys: keys.into_iter().map(|(key, _)| key).collect(), taken: self.taken.clone() })
    }
}

impl<K: Hash + Eq> Drop for Place<K> {
    fn drop(&mut self) {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        taken.total -= 1;
        for key in &self.keys {
            if let Some(n) = taken.per_key.get_mut(key) {
                *n -= 1;
                if *n == 0 {
                    taken.per_key.remove(key);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_capped_in_all_and_per_key_and_given_back() {
        let places = Places::new(3);
        let a1 = places.take(vec![("a", 2)]).unwrap();
        let _a2 = places.take(vec![("a", 2)]).unwrap();
        assert_eq!(places.take(vec![("a", 2)]).err(), Some(Full::Key(0)), "a's cap");
        let _b = places.take(vec![("x", 9), ("b", 2)]).unwrap();
        assert_eq!(places.take(vec![("c", 2)]).err(), Some(Full::Total), "three in all");
        drop(a1);
        let _a3 = places.take(vec![("a", 2)]).expect("a's place given back");
        assert_eq!(places.taken.lock().unwrap().per_key.len(), 3, "keys with no place are forgotten");
    }
}
