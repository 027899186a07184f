//! The server's own figures for `/metrics` (decision 024): counters and histograms of atomics, kept per process,
//! bounded by construction — requests are counted by route template (the route table's, never the raw path), by
//! method (four kinds) and by status class, so no visitor can add a series. What lives in the database (the
//! counting lag, the webhook queue) or on disk (backups) is read when scraped, in `features::ops`.

mod text;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use axum::http::Method;

use crate::store::Channel;

pub use text::{render, Scraped};

/// Upper bounds of the latency buckets, in seconds: from a cached page to the request deadline.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
const METHODS: [&str; 4] = ["GET", "POST", "PUT", "other"];
const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];
const CHANNELS: [Channel; 5] = [Channel::Qr, Channel::Kiosk, Channel::Receipt, Channel::Paper, Channel::Survey];
/// The label of requests no route matched: the site's files, unknown addresses, requests cut by the deadline.
const FALLBACK: &str = "fallback";

/// Every figure the process keeps; one per application, shared through the state.
pub struct Metrics {
    /// The route templates, then [`FALLBACK`]; a request's route is an index into it.
    routes: Vec<&'static str>,
    index: HashMap<&'static str, usize>,
    requests: Vec<RouteStats>,
    ratings: [AtomicU64; CHANNELS.len()],
    pub webhooks: std::sync::Arc<Deliveries>,
}

#[derive(Default)]
struct RouteStats {
    by_class: [[AtomicU64; CLASSES.len()]; METHODS.len()],
    latency: [Histogram; METHODS.len()],
}

#[derive(Default)]
struct Histogram {
    /// Requests per bucket, not cumulative; the last is beyond the largest bound.
    buckets: [AtomicU64; BUCKETS.len() + 1],
    sum_micros: AtomicU64,
}

/// Webhook attempts, counted by the sender (`services::webhooks`).
#[derive(Default)]
pub struct Deliveries {
    pub attempted: AtomicU64,
    pub failed: AtomicU64,
}

/// A route of the table, by its index in [`Metrics`]; put on a response by the router's layer.
#[derive(Clone, Copy, Debug)]
pub struct RouteOf(usize);

impl Metrics {
    /// Figures for an application serving these route templates.
    pub fn new<'a>(templates: impl IntoIterator<Item = &'a &'static str>) -> Metrics {
        let mut routes: Vec<&'static str> = Vec::new();
        for template in templates {
            if !routes.contains(template) {
                routes.push(template);
            }
        }
        let index = routes.iter().enumerate().map(|(i, r)| (*r, i)).collect();
        routes.push(FALLBACK);
        Metrics {
            requests: routes.iter().map(|_| RouteStats::default()).collect(),
            routes,
            index,
            ratings: Default::default(),
            webhooks: Default::default(),
        }
    }

    /// The route of a matched template (`MatchedPath`); `None` for one the table does not have.
    pub fn route(&self, template: &str) -> Option<RouteOf> {
        self.index.get(template).map(|&i| RouteOf(i))
    }

    /// One request answered: by `route` (none: [`FALLBACK`]) with `status`, `elapsed` to its response's head.
    pub fn request(&self, route: Option<RouteOf>, method: &Method, status: u16, elapsed: Duration) {
        let stats = &self.requests[route.map_or(self.routes.len() - 1, |r| r.0)];
        let m = METHODS.iter().position(|m| *m == method.as_str()).unwrap_or(METHODS.len() - 1);
        let class = usize::from(status / 100).clamp(1, CLASSES.len()) - 1;
        stats.by_class[m][class].fetch_add(1, Relaxed);
        let seconds = elapsed.as_secs_f64();
        let bucket = BUCKETS.iter().position(|le| seconds <= *le).unwrap_or(BUCKETS.len());
        stats.latency[m].buckets[bucket].fetch_add(1, Relaxed);
        stats.latency[m].sum_micros.fetch_add(u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX), Relaxed);
    }

    /// Ratings stored and acknowledged, by how they came.
    pub fn ratings_stored(&self, channel: Channel, n: u64) {
        let i = CHANNELS.iter().position(|c| *c == channel).unwrap_or_default();
        self.ratings[i].fetch_add(n, Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_template_method_and_class() {
        let metrics = Metrics::new(&["/q/{token}", "/q/{token}", "/healthz"]);
        let route = metrics.route("/q/{token}");
        assert!(metrics.route("/q/abc").is_none(), "raw paths are no routes");
        metrics.request(route, &Method::POST, 303, Duration::from_millis(3));
        metrics.request(None, &Method::HEAD, 404, Duration::from_secs(60));
        let stats = &metrics.requests[0];
        assert_eq!(stats.by_class[1][2].load(Relaxed), 1, "POST 3xx");
        assert_eq!(stats.latency[1].buckets[0].load(Relaxed), 1, "within 5 ms");
        let fallback = &metrics.requests[2];
        assert_eq!(fallback.by_class[3][3].load(Relaxed), 1, "HEAD is another method, 404 a 4xx");
        assert_eq!(fallback.latency[3].buckets[BUCKETS.len()].load(Relaxed), 1, "beyond the largest bound");
    }
}
