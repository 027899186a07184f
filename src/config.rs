//! Configuration: command line and `HAILONG_*` environment variables (see `.env.example`), built once at
//! start-up. Secrets are never printed; a missing secret is generated once and kept under the data folder.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::domain::ids::CampaignId;

#[derive(Debug, Parser)]
// `about` is the package description, in English as the rest of the command line.
#[command(name = "hailong", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web server.
    Serve {
        #[command(flatten)]
        config: Config,
        /// Load the demo data first when the database has no units yet.
        #[arg(long)]
        demo: bool,
    },
    /// Load the demo province (two communes, counters, officials, procedures, ~5,000 responses).
    Demo {
        #[command(flatten)]
        config: Config,
    },
    /// Import a procedure catalogue from CSV (header: code,name,field[,valid_from]); prints a report.
    ImportProcedures {
        #[command(flatten)]
        config: Config,
        /// The CSV file (UTF-8).
        file: PathBuf,
    },
    /// Fill an empty database with a province at scale, for benchmarks: communes, counters, officials, accounts
    /// `lanhdao.gen` and `congchuc.gen` (the administrator's password) and a year of ratings.
    Generate {
        #[command(flatten)]
        config: Config,
        /// How many ratings, spread over the last 365 days.
        #[arg(long, default_value_t = 1_000_000)]
        responses: u64,
        /// How many communes (every fourth has a health station too).
        #[arg(long, default_value_t = 120)]
        communes: usize,
        /// The random seed: the same seed gives the same province.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Recount every rollup (the counts behind the figures) from the stored responses, in one transaction.
    RebuildRollups {
        #[command(flatten)]
        config: Config,
    },
    /// Back the database up into a file (while the server runs): a SQLite copy or a PostgreSQL dump, compressed,
    /// with its checksum and schema version.
    Backup {
        #[command(flatten)]
        config: Config,
        /// The folder to write it into (default: HAILONG_BACKUP_DIR, else DATA_DIR/backups).
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Restore a backup file into the configured database (stop the server first), then rebuild the rollups and
    /// check them against a recount.
    Restore {
        #[command(flatten)]
        config: Config,
        /// The backup file (hailong-…-schemaN.sqlite.gz or .pgdump.gz).
        file: PathBuf,
        /// Replace a database that holds data.
        #[arg(long)]
        force: bool,
    },
    /// End a survey campaign and erase its respondents' names and contacts (as its page's button does), audited.
    CloseCampaign {
        #[command(flatten)]
        config: Config,
        /// The campaign's number (its page is /surveys/ID).
        #[arg(long)]
        id: CampaignId,
    },
}

#[derive(Clone, Debug, Args)]
pub struct Config {
    /// `sqlite://path/to/file.db` (default, under the data folder) or `postgres://user:pass@host/db`.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<DatabaseUrl>,
    /// Folder for the SQLite file, the generated secret and the generated admin password.
    #[arg(long, env = "HAILONG_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    #[arg(long, env = "HAILONG_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The address citizens reach, printed into QR codes (no trailing slash). Defaults to http://ADDR.
    #[arg(long, env = "HAILONG_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Hex key (≥ 32 bytes) signing QR tokens and login forms. Generated and kept in
    /// DATA_DIR/secret.key when absent.
    #[arg(long, env = "HAILONG_SECRET", hide_env_values = true)]
    pub secret: Option<String>,
    #[arg(long, env = "HAILONG_ADMIN_USER", default_value = "admin")]
    pub admin_user: String,
    /// Generated and kept in DATA_DIR/admin-password when absent.
    #[arg(long, env = "HAILONG_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// Serve the site (CSS, JS, wasm, public files) from this folder instead of the copy built into the binary.
    #[arg(long, env = "HAILONG_SITE_ROOT")]
    pub site_root: Option<PathBuf>,
    /// Figures resting on fewer responses are shown as "chưa đủ mẫu".
    #[arg(long, env = "HAILONG_SAMPLE_FLOOR", default_value_t = 5)]
    pub sample_floor: u64,
    /// A receipt link works until this many days after the dossier's result was returned (or else was due, or
    /// else was received).
    #[arg(long, env = "HAILONG_RECEIPT_LINK_DAYS", default_value_t = 30)]
    pub receipt_link_days: u64,
    /// The counters' opening hours, local time, Monday to Friday: the silent-counter alert counts only these.
    #[arg(long, env = "HAILONG_OPENING_HOURS", default_value = "07:30-17:00")]
    pub opening_hours: String,
    /// The counters open on Saturdays too, the same hours.
    #[arg(long, env = "HAILONG_OPEN_SATURDAY")]
    pub open_saturday: bool,
    /// Citizen submissions allowed per client per minute (burst of the same size).
    #[arg(long, env = "HAILONG_RATE_LIMIT_PER_MINUTE", default_value_t = 20)]
    pub rate_limit_per_minute: u32,
    /// Sign-in attempts allowed per client per minute (on top of the per-account lockout).
    #[arg(long, env = "HAILONG_LOGIN_RATE_LIMIT_PER_MINUTE", default_value_t = 10)]
    pub login_rate_limit_per_minute: u32,
    /// Trust the last X-Forwarded-For hop as the client address (only behind your own reverse proxy).
    #[arg(long, env = "HAILONG_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// Webhook receivers allowed on the server's own or a private network (comma-separated names, addresses and
    /// networks such as `chatbot.ubnd.local,10.0.0.5,192.168.10.0/24`). Empty: public addresses only.
    #[arg(long, env = "HAILONG_WEBHOOK_ALLOW", default_value = "")]
    pub webhook_allow: String,
    #[arg(long, env = "HAILONG_DB_MAX_CONNECTIONS", default_value_t = 8)]
    pub db_max_connections: u32,
    #[command(flatten)]
    pub kiosk: KioskConfig,
    #[command(flatten)]
    pub connections: ConnectionConfig,
    #[command(flatten)]
    pub backup: BackupConfig,
    #[command(flatten)]
    pub watch: WatchConfig,
    /// One phone, one voice: a phone's second rating of the same counter or official within this many minutes is
    /// kept out of the figures (flagged `same_phone`). 0 turns the rule off.
    #[arg(long, env = "HAILONG_PHONE_WINDOW_MINUTES", default_value_t = 240)]
    pub phone_window_minutes: u32,
    /// Ratings one phone may give in a day, all counters and officials together; the rest are flagged
    /// `phone_daily_cap`.
    #[arg(long, env = "HAILONG_PHONE_DAILY_CAP", default_value_t = 5)]
    pub phone_daily_cap: u32,
    /// A flood: more ratings than this in a day from one phone, or of one counter or official from one network
    /// (client address), takes every one of them out of the figures (`phone_flood`, `network_flood`). 0 turns it off.
    #[arg(long, env = "HAILONG_FLOOD_PER_DAY", default_value_t = 20)]
    pub flood_per_day: u32,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key. Counter tablets need HTTPS for offline mode.
    #[arg(long, env = "HAILONG_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, env = "HAILONG_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// `pretty` for people, `json` for log collectors.
    #[arg(long, env = "HAILONG_LOG_FORMAT", default_value = "pretty")]
    pub log_format: String,
}

/// How long a client may take and how many connections it may hold (docs/operator.md, *Connections and limits*).
#[derive(Clone, Debug, Args)]
pub struct ConnectionConfig {
    /// Seconds from a connection's start, or the end of its last answer, to the end of the next request's head:
    /// a half-sent request and an idle keep-alive connection are closed after it.
    #[arg(long, env = "HAILONG_HEADER_TIMEOUT_SECONDS", default_value_t = 15)]
    pub header_timeout_seconds: u32,
    /// The longest pause, in seconds, between two chunks of a request's body (a photo upload on a slow phone
    /// keeps sending; a stalled one is dropped).
    #[arg(long, env = "HAILONG_BODY_TIMEOUT_SECONDS", default_value_t = 20)]
    pub body_timeout_seconds: u32,
    /// Seconds from a request's head to its answer, body included (not a live stream's events).
    #[arg(long, env = "HAILONG_REQUEST_TIMEOUT_SECONDS", default_value_t = 90)]
    pub request_timeout_seconds: u32,
    /// Connections served at once, in all.
    #[arg(long, env = "HAILONG_MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: u32,
    /// Connections served at once from one client address (not applied with HAILONG_TRUST_PROXY: all come from
    /// the proxy then, which should limit them itself).
    #[arg(long, env = "HAILONG_MAX_CONNECTIONS_PER_CLIENT", default_value_t = 256)]
    pub max_connections_per_client: u32,
    /// Live dashboard streams open at once, in all (each account: 8, each signed-in browser: 4).
    #[arg(long, env = "HAILONG_MAX_LIVE_STREAMS", default_value_t = 2000)]
    pub max_live_streams: u32,
}

/// Watching the server (docs/operator.md, *Watching it*): `/readyz`'s limits and who may read `/metrics`.
#[derive(Clone, Debug, Args)]
pub struct WatchConfig {
    /// `/metrics` answers requests carrying `Authorization: Bearer` this token; without it, it is not found.
    #[arg(long, env = "HAILONG_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// A second, local address serving `/metrics` alone, without a token (127.0.0.1:9464, say).
    #[arg(long, env = "HAILONG_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// `/readyz` fails when the oldest rating waiting to be counted has waited longer than this.
    #[arg(long, env = "HAILONG_READY_COUNTING_LAG_SECONDS", default_value_t = 60)]
    pub ready_counting_lag_seconds: u32,
    /// `/readyz` fails when more webhook deliveries than this wait to be sent.
    #[arg(long, env = "HAILONG_READY_WEBHOOK_QUEUE", default_value_t = 1000)]
    pub ready_webhook_queue: u32,
}

/// Backups (docs/operator.md, *Backups*).
#[derive(Clone, Debug, Args)]
pub struct BackupConfig {
    /// The folder of backups — the server's daily ones, those taken before an upgrade, `hailong backup`'s. Best a
    /// mounted disk or a network share. Default: DATA_DIR/backups.
    #[arg(long, env = "HAILONG_BACKUP_DIR")]
    pub backup_dir: Option<PathBuf>,
    /// Local time (HH:MM) of the server's daily backup, or `off`.
    #[arg(long, env = "HAILONG_BACKUP_AT", default_value = "01:30", value_parser = parse_backup_at)]
    pub backup_at: BackupAt,
    /// Daily backups kept: the newest of each of the last this many days.
    #[arg(long, env = "HAILONG_BACKUP_KEEP_DAILY", default_value_t = 7)]
    pub backup_keep_daily: u32,
    /// Monthly backups kept: the newest of each of the last this many months.
    #[arg(long, env = "HAILONG_BACKUP_KEEP_MONTHLY", default_value_t = 12)]
    pub backup_keep_monthly: u32,
}

/// The daily backup's local time, or none (`off`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupAt(pub Option<chrono::NaiveTime>);

fn parse_backup_at(value: &str) -> Result<BackupAt, String> {
    match value.trim() {
        "off" => Ok(BackupAt(None)),
        time => parse_local_time(time).map(|t| BackupAt(Some(t))).map_err(|e| format!("{e}, or off")),
    }
}

/// How counter tablets behave.
#[derive(Clone, Debug, Args)]
pub struct KioskConfig {
    /// A tap this many seconds after the previous one on the same tablet, or sooner, is flagged as a repeat press
    /// (stored, kept out of the figures). 0 turns the rule off.
    #[arg(long, env = "HAILONG_KIOSK_REPEAT_SECONDS", default_value_t = 10)]
    pub kiosk_repeat_seconds: u32,
    /// A rating left at the follow-up step is sent with what was answered after this many seconds untouched.
    #[arg(long, env = "HAILONG_KIOSK_IDLE_SECONDS", default_value_t = 30)]
    pub kiosk_idle_seconds: u32,
    /// How long the thank-you screen stays before the next citizen's screen.
    #[arg(long, env = "HAILONG_KIOSK_THANKS_SECONDS", default_value_t = 4)]
    pub kiosk_thanks_seconds: u32,
    /// How often a tablet reports in.
    #[arg(long, env = "HAILONG_KIOSK_HEARTBEAT_SECONDS", default_value_t = 30)]
    pub kiosk_heartbeat_seconds: u32,
    /// A tablet not heard from for this long is shown offline.
    #[arg(long, env = "HAILONG_KIOSK_OFFLINE_AFTER_SECONDS", default_value_t = 120)]
    pub kiosk_offline_after_seconds: u32,
    /// Local time (HH:MM) at which an official's duty at a tablet ends by itself.
    #[arg(long, env = "HAILONG_KIOSK_DUTY_ENDS", default_value = "17:30", value_parser = parse_local_time)]
    pub kiosk_duty_ends: chrono::NaiveTime,
    /// How long a ticket announced by the queue software stays on the tablet, unless a rating comes first.
    #[arg(long, env = "HAILONG_KIOSK_SERVING_MINUTES", default_value_t = 15)]
    pub kiosk_serving_minutes: u32,
}

fn parse_local_time(value: &str) -> Result<chrono::NaiveTime, String> {
    chrono::NaiveTime::parse_from_str(value.trim(), "%H:%M").map_err(|_| format!("expected HH:MM, got {value:?}"))
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("HAILONG_SECRET must be hex of at least 32 bytes")]
    WeakSecret,
    #[error("cannot use {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

impl Config {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.0.clone(),
            None => format!("sqlite://{}", self.data_dir.join("hailong.db").display()),
        }
    }

    /// HAILONG_BACKUP_DIR, else DATA_DIR/backups.
    pub fn backup_dir(&self) -> PathBuf {
        self.backup.backup_dir.clone().unwrap_or_else(|| self.data_dir.join("backups"))
    }

    /// The server's daily backups, unless turned off.
    pub fn backup_schedule(&self) -> Option<crate::services::backup::schedule::Schedule> {
        Some(crate::services::backup::schedule::Schedule {
            dir: self.backup_dir(),
            at: self.backup.backup_at.0?,
            keep_daily: self.backup.backup_keep_daily as usize,
            keep_monthly: self.backup.backup_keep_monthly as usize,
        })
    }

    /// `HAILONG_PUBLIC_URL`, else this server's own address (https when it serves TLS).
    pub fn public_url(&self) -> String {
        let scheme = if self.tls_cert.is_some() { "https" } else { "http" };
        self.public_url.clone().unwrap_or_else(|| format!("{scheme}://{}", self.addr)).trim_end_matches('/').to_owned()
    }

    /// The signing key: from HAILONG_SECRET, else DATA_DIR/secret.key, created on first run.
    pub fn secret(&self) -> Result<Vec<u8>, ConfigError> {
        let hex_key = match &self.secret {
            Some(s) => s.trim().to_owned(),
            None => read_or_create(&self.data_dir.join("secret.key"), || hex::encode(rand::random::<[u8; 32]>()))?,
        };
        match hex::decode(hex_key) {
            Ok(key) if key.len() >= 32 => Ok(key),
            _ => Err(ConfigError::WeakSecret),
        }
    }

    /// The admin password and whether it was generated here (then it is shown at start-up).
    pub fn admin_password(&self) -> Result<(String, bool), ConfigError> {
        match &self.admin_password {
            Some(p) if !p.is_empty() => Ok((p.clone(), false)),
            _ => {
                let path = self.data_dir.join("admin-password");
                let password = read_or_create(&path, || {
                    use rand::distributions::{Alphanumeric, DistString};
                    Alphanumeric.sample_string(&mut rand::thread_rng(), 16)
                })?;
                Ok((password, true))
            }
        }
    }
}

/// Reads a one-line file, or writes `make()` into it (owner-only) when it does not exist yet.
fn read_or_create(path: &Path, make: impl FnOnce() -> String) -> Result<String, ConfigError> {
    let io = |source| ConfigError::Io { path: path.to_owned(), source };
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(s.trim().to_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            let value = make();
            write_private(path, &value).map_err(io)?;
            Ok(value)
        }
        Err(e) => Err(io(e)),
    }
}

fn write_private(path: &Path, value: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    writeln!(file, "{value}")
}

/// A database URL, whose password a `Debug` print of the configuration (a log line, a panic) never shows.
#[derive(Clone)]
pub struct DatabaseUrl(String);

impl std::str::FromStr for DatabaseUrl {
    type Err = std::convert::Infallible;

    fn from_str(url: &str) -> Result<DatabaseUrl, Self::Err> {
        Ok(DatabaseUrl(url.to_owned()))
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redacted(&self.0))
    }
}

/// `scheme://user:***@host/…`: the password of a URL's user information replaced; anything else as it is.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((user_info, host)) => {
            let user = user_info.split_once(':').map_or(user_info, |(user, _)| user);
            let masked = if user_info.contains(':') { format!("{user}:***") } else { user.to_owned() };
            format!("{scheme}://{masked}@{host}{}", &rest[authority_end..])
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_printed_configuration_never_shows_the_database_password() {
        let url: DatabaseUrl = "postgres://hailong:s3cret@db.example:5432/hailong".parse().unwrap();
        assert_eq!(format!("{url:?}"), "postgres://hailong:***@db.example:5432/hailong");
        assert_eq!(redacted("postgres://p%40ss:x@y@host/db"), "postgres://p%40ss:***@host/db");
        assert_eq!(redacted("sqlite://data/hailong.db"), "sqlite://data/hailong.db");
        assert_eq!(redacted("postgres://hailong@host/db"), "postgres://hailong@host/db");
    }
}
