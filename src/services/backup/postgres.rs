//! PostgreSQL's copies are made and put back by its own tools, `pg_dump` (custom format, uncompressed: the backup
//! file compresses it) and `pg_restore`, run as child processes on `PATH`. The database URL's credentials reach
//! them through libpq's environment variables, never the command line, where any user of the machine could read
//! them.

use std::path::Path;
use std::process::Stdio;

use super::BackupError;

/// `pg_dump` of the database at `url` into the new file `to`.
pub async fn dump(url: &str, to: &Path) -> Result<(), BackupError> {
    let args = ["--format=custom", "--compress=0", "--no-owner", "--no-privileges", "--file"];
    run("pg_dump", url, &[&args[..], &[to.as_os_str().to_str().ok_or(BackupError::BadPath)?]].concat()).await
}

/// `pg_restore` of the dump `from` into the database at `url`: every object the dump holds dropped first, all in
/// one transaction, so a failure leaves the database as it was.
pub async fn restore(url: &str, from: &Path) -> Result<(), BackupError> {
    // pg_restore needs the database named on its command line (without it, it prints SQL): its name alone.
    let database = libpq_env(url)?.into_iter().find(|(k, _)| *k == "PGDATABASE").map(|(_, v)| v).unwrap_or_default();
    let args = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"];
    let from = from.to_str().ok_or(BackupError::BadPath)?;
    run("pg_restore", url, &[&args[..], &["--dbname", &database, from]].concat()).await
}

async fn run(tool: &'static str, url: &str, args: &[&str]) -> Result<(), BackupError> {
    let env = libpq_env(url)?;
    let output = tokio::process::Command::new(tool)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => BackupError::ToolMissing(tool),
            _ => BackupError::io(Path::new(tool), e),
        })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(BackupError::ToolFailed { tool, stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned() })
    }
}

/// libpq's variables for a `postgres://user:password@host:port/database?sslmode=…` URL.
fn libpq_env(url: &str) -> Result<Vec<(&'static str, String)>, BackupError> {
    let parsed = url::Url::parse(url).map_err(|_| BackupError::BadDatabaseUrl)?;
    let decoded = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    let mut env = vec![("PGDATABASE", decoded(parsed.path().trim_start_matches('/')))];
    if let Some(host) = parsed.host_str().filter(|h| !h.is_empty()) {
        env.push(("PGHOST", host.trim_start_matches('[').trim_end_matches(']').to_owned()));
    }
    if let Some(port) = parsed.port() {
        env.push(("PGPORT", port.to_string()));
    }
    if !parsed.username().is_empty() {
        env.push(("PGUSER", decoded(parsed.username())));
    }
    if let Some(password) = parsed.password() {
        env.push(("PGPASSWORD", decoded(password)));
    }
    for (key, value) in parsed.query_pairs() {
        let var = match key.as_ref() {
            "host" => "PGHOST",
            "port" => "PGPORT",
            "user" => "PGUSER",
            "password" => "PGPASSWORD",
            "dbname" => "PGDATABASE",
            "sslmode" => "PGSSLMODE",
            "sslrootcert" => "PGSSLROOTCERT",
            "sslcert" => "PGSSLCERT",
            "sslkey" => "PGSSLKEY",
            "application_name" => "PGAPPNAME",
            _ => continue,
        };
        env.retain(|(k, _)| *k != var);
        env.push((var, value.into_owned()));
    }
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_go_to_libpq_variables_decoded() {
        let env = libpq_env("postgres://hai%40long:p%2Fss%3Aw@db.example:5433/hailong?sslmode=require").unwrap();
        let get = |k| env.iter().find(|(key, _)| *key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("PGUSER"), Some("hai@long"));
        assert_eq!(get("PGPASSWORD"), Some("p/ss:w"));
        assert_eq!(get("PGHOST"), Some("db.example"));
        assert_eq!(get("PGPORT"), Some("5433"));
        assert_eq!(get("PGDATABASE"), Some("hailong"));
        assert_eq!(get("PGSSLMODE"), Some("require"));
        let socket = libpq_env("postgresql:///hailong?host=/var/run/postgresql").unwrap();
        assert!(socket.contains(&("PGHOST", "/var/run/postgresql".to_owned())));
        assert!(!socket.iter().any(|(k, _)| *k == "PGPASSWORD"));
    }
}
