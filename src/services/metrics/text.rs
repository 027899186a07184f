//! The Prometheus text format (version 0.0.4) of the process's figures and of those read at the scrape.

use std::fmt::Write;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use super::{Metrics, BUCKETS, CHANNELS, CLASSES, METHODS};
use crate::store::{Backlog, PoolUse};

/// What a scrape reads besides the process's counters.
pub struct Scraped {
    /// The database's backlogs; `None` when it did not answer in time.
    pub backlog: Option<Backlog>,
    pub pools: Vec<PoolUse>,
    pub live_streams: usize,
    /// Since the newest backup in the backup folder was taken; `None` when there is none.
    pub backup_age: Option<Duration>,
}

/// The whole exposition.
pub fn render(metrics: &Metrics, scraped: &Scraped) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let o = &mut out;
    family(o, "hailong_build_info", "gauge", "The program's version and the newest schema it knows.");
    let schema = crate::store::known_schema_version();
    let _ = writeln!(o, "hailong_build_info{{version=\"{}\",schema=\"{schema}\"}} 1", env!("CARGO_PKG_VERSION"));
    requests(o, metrics);
    family(o, "hailong_ratings_stored_total", "counter", "Ratings stored and acknowledged by this process.");
    for (channel, n) in CHANNELS.iter().zip(&metrics.ratings) {
        let _ = writeln!(o, "hailong_ratings_stored_total{{channel=\"{}\"}} {}", channel.as_str(), n.load(Relaxed));
    }
    family(o, "hailong_webhook_deliveries_total", "counter", "Webhook delivery attempts made by this process.");
    let _ = writeln!(o, "hailong_webhook_deliveries_total {}", metrics.webhooks.attempted.load(Relaxed));
    family(o, "hailong_webhook_delivery_failures_total", "counter", "Webhook delivery attempts that failed.");
    let _ = writeln!(o, "hailong_webhook_delivery_failures_total {}", metrics.webhooks.failed.load(Relaxed));
    database(o, scraped);
    family(o, "hailong_live_streams", "gauge", "Live dashboard streams open.");
    let _ = writeln!(o, "hailong_live_streams {}", scraped.live_streams);
    if let Some(age) = scraped.backup_age {
        family(o, "hailong_backup_age_seconds", "gauge", "Since the newest backup in the backup folder was taken.");
        let _ = writeln!(o, "hailong_backup_age_seconds {}", age.as_secs());
    }
    out
}

fn family(o: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(o, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// Requests by route, method and status class, and their latency; only the series that saw a request.
fn requests(o: &mut String, metrics: &Metrics) {
    family(o, "hailong_http_requests_total", "counter", "Requests answered, by route template, method and status.");
    for (route, stats) in metrics.routes.iter().zip(&metrics.requests) {
        for (method, classes) in METHODS.iter().zip(&stats.by_class) {
            for (class, n) in CLASSES.iter().zip(classes).map(|(c, n)| (c, n.load(Relaxed))).filter(|(_, n)| *n > 0) {
                let labels = format!("route=\"{route}\",method=\"{method}\",status=\"{class}\"");
                let _ = writeln!(o, "hailong_http_requests_total{{{labels}}} {n}");
            }
        }
    }
    let name = "hailong_http_request_duration_seconds";
    family(o, name, "histogram", "Time from a request to its answer's head, by route template and method.");
    for (route, stats) in metrics.routes.iter().zip(&metrics.requests) {
        for (method, histogram) in METHODS.iter().zip(&stats.latency) {
            let counts: Vec<u64> = histogram.buckets.iter().map(|b| b.load(Relaxed)).collect();
            let total: u64 = counts.iter().sum();
            if total == 0 {
                continue;
            }
            let labels = format!("route=\"{route}\",method=\"{method}\"");
            let mut cumulative = 0;
            for (le, n) in BUCKETS.iter().map(ToString::to_string).chain(["+Inf".to_owned()]).zip(&counts) {
                cumulative += n;
                let _ = writeln!(o, "{name}_bucket{{{labels},le=\"{le}\"}} {cumulative}");
            }
            let sum = histogram.sum_micros.load(Relaxed) as f64 / 1e6;
            let _ = writeln!(o, "{name}_sum{{{labels}}} {sum}\n{name}_count{{{labels}}} {total}");
        }
    }
}

/// The database: whether it answered the scrape, its backlogs, and the pools' connections.
fn database(o: &mut String, scraped: &Scraped) {
    family(o, "hailong_database_up", "gauge", "Whether the database answered this scrape.");
    let _ = writeln!(o, "hailong_database_up {}", u8::from(scraped.backlog.is_some()));
    if let Some(backlog) = scraped.backlog {
        let lag = backlog.counting_lag_ms.unwrap_or(0) as f64 / 1000.0;
        family(o, "hailong_counting_lag_seconds", "gauge", "How long the oldest rating due for counting has waited.");
        let _ = writeln!(o, "hailong_counting_lag_seconds {lag}");
        family(o, "hailong_webhook_queue", "gauge", "Webhook deliveries waiting to be sent or retried.");
        let _ = writeln!(o, "hailong_webhook_queue {}", backlog.webhook_queue);
    }
    family(o, "hailong_db_connections", "gauge", "Database connections by pool and state.");
    for p in &scraped.pools {
        let busy = (p.open as usize).saturating_sub(p.idle);
        let _ = writeln!(o, "hailong_db_connections{{pool=\"{}\",state=\"idle\"}} {}", p.pool, p.idle);
        let _ = writeln!(o, "hailong_db_connections{{pool=\"{}\",state=\"busy\"}} {busy}", p.pool);
    }
    family(o, "hailong_db_connections_max", "gauge", "The most connections each pool may open.");
    for p in &scraped.pools {
        let _ = writeln!(o, "hailong_db_connections_max{{pool=\"{}\"}} {}", p.pool, p.max);
    }
}
