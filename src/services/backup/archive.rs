//! A backup file: one gzip stream of the database copy (a SQLite file, or a PostgreSQL custom-format dump), with a
//! header saying what it is — format, kind, schema version, program version, when, and the SHA-256 and size of
//! what it holds — in gzip's own comment field. `gunzip` alone gets the copy back; hailong reads the header
//! before it unpacks anything and checks the checksum as it does. Blocking work: callers run it on the blocking
//! pool.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use flate2::read::GzDecoder;
use flate2::{Compression, GzBuilder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::BackupError;
use crate::domain::backup::Kind;

/// The header's format name; a later format changes it, and this program refuses what it does not know.
pub const FORMAT: &str = "hailong-backup/1";

/// gzip level 3: a SQLite file shrinks to about a quarter, several times faster than the default level 6
/// (docs/benchmarks.md, *Backups*).
const LEVEL: u32 = 3;

const BUFFER: usize = 1 << 20;

/// What a backup holds, from its header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// `sqlite` or `pgdump` (`domain::backup::Kind`).
    pub kind: String,
    pub schema: i64,
    /// The version of the hailong that took it.
    pub program: String,
    /// RFC 3339, UTC.
    pub taken_at: String,
    /// Of the copy inside, uncompressed.
    pub sha256: String,
    pub bytes: u64,
}

impl Manifest {
    pub fn kind(&self) -> Option<Kind> {
        Kind::of_key(&self.kind)
    }
}

/// Packs the file `copy` into a new backup file `to` under `manifest` (its checksum and size filled in here), and
/// makes it durable. Returns the manifest and the backup file's size.
pub fn pack(copy: &Path, to: &Path, mut manifest: Manifest) -> Result<(Manifest, u64), BackupError> {
    let (sha256, bytes) = digest(copy)?;
    manifest.sha256 = sha256;
    manifest.bytes = bytes;
    let header = serde_json::to_vec(&manifest).map_err(|e| BackupError::io(to, std::io::Error::other(e)))?;
    let io = |e| BackupError::io(to, e);
    // Owner-only, like the database's secret: a backup holds every comment and consented phone number.
    let out = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(to).map_err(io)?;
    let mut gz = GzBuilder::new().comment(header).write(BufWriter::with_capacity(BUFFER, out), Compression::new(LEVEL));
    let mut input = File::open(copy).map_err(|e| BackupError::io(copy, e))?;
    std::io::copy(&mut input, &mut gz).map_err(io)?;
    let out = gz.finish().map_err(io)?.into_inner().map_err(|e| io(e.into_error()))?;
    out.sync_all().map_err(io)?;
    let size = out.metadata().map_err(io)?.len();
    Ok((manifest, size))
}

/// The header of the backup file `file`, without unpacking it.
pub fn manifest(file: &Path) -> Result<Manifest, BackupError> {
    let mut gz = open(file)?;
    // The header is parsed with the first read.
    gz.read(&mut [0; 1]).map_err(|e| BackupError::damaged(file, e.to_string()))?;
    read_header(file, &gz)
}

/// Unpacks the backup file `file` into the new file `to`, checking its checksum and size; `to` is removed when
/// they do not match. Returns the header.
pub fn unpack(file: &Path, to: &Path) -> Result<Manifest, BackupError> {
    let manifest = manifest(file)?;
    let mut gz = open(file)?;
    let written = (|| {
        let mut out = BufWriter::with_capacity(BUFFER, File::create_new(to)?);
        let (mut hasher, mut bytes, mut buffer) = (Sha256::new(), 0_u64, vec![0; BUFFER]);
        loop {
            let n = gz.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            bytes += n as u64;
            out.write_all(&buffer[..n])?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok::<_, std::io::Error>((hex::encode(hasher.finalize()), bytes))
    })();
    let checked = match written {
        Ok((sha256, bytes)) if sha256 == manifest.sha256 && bytes == manifest.bytes => Ok(manifest),
        Ok((sha256, bytes)) => Err(BackupError::damaged(
            file,
            format!(
                "its content has SHA-256 {sha256} ({bytes} bytes) where its header says {} ({} bytes)",
                manifest.sha256, manifest.bytes
            ),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(BackupError::io(to, e)),
        Err(e) => Err(BackupError::damaged(file, e.to_string())),
    };
    if checked.is_err() {
        let _ = std::fs::remove_file(to);
    }
    checked
}

fn open(file: &Path) -> Result<GzDecoder<BufReader<File>>, BackupError> {
    let input = File::open(file).map_err(|e| BackupError::io(file, e))?;
    Ok(GzDecoder::new(BufReader::with_capacity(BUFFER, input)))
}

fn read_header(file: &Path, gz: &GzDecoder<BufReader<File>>) -> Result<Manifest, BackupError> {
    let not_ours = || BackupError::NotABackup(file.to_owned());
    let comment = gz.header().and_then(|h| h.comment()).ok_or_else(not_ours)?;
    let manifest: Manifest = serde_json::from_slice(comment).map_err(|_| not_ours())?;
    if manifest.format != FORMAT {
        return Err(BackupError::UnknownFormat(manifest.format));
    }
    Ok(manifest)
}

/// SHA-256 (hex) and size of a file.
fn digest(file: &Path) -> Result<(String, u64), BackupError> {
    let io = |e| BackupError::io(file, e);
    let mut input = File::open(file).map_err(io)?;
    let (mut hasher, mut bytes, mut buffer) = (Sha256::new(), 0_u64, vec![0; BUFFER]);
    loop {
        let n = input.read(&mut buffer).map_err(io)?;
        if n == 0 {
            return Ok((hex::encode(hasher.finalize()), bytes));
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest_for_test() -> Manifest {
        Manifest {
            format: FORMAT.to_owned(),
            kind: "sqlite".to_owned(),
            schema: 27,
            program: "0.1.0".to_owned(),
            taken_at: "2026-12-08T01:30:00Z".to_owned(),
            sha256: String::new(),
            bytes: 0,
        }
    }

    fn packed(content: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("copy");
        std::fs::write(&copy, content).unwrap();
        let file = dir.path().join("backup.gz");
        let (manifest, _) = pack(&copy, &file, manifest_for_test()).unwrap();
        assert_eq!(manifest.bytes, content.len() as u64);
        (dir, file)
    }

    #[test]
    fn a_packed_copy_unpacks_to_the_same_bytes_with_its_header() {
        let content: Vec<u8> = (0..300_000_u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        let (dir, file) = packed(&content);
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "owner-only");
        let header = manifest(&file).unwrap();
        assert_eq!((header.schema, header.kind.as_str(), header.bytes), (27, "sqlite", content.len() as u64));
        let out = dir.path().join("out");
        assert_eq!(unpack(&file, &out).unwrap(), header);
        assert_eq!(std::fs::read(&out).unwrap(), content);
        // Plain gzip: `gunzip` gets the same bytes back.
        let mut plain = Vec::new();
        GzDecoder::new(File::open(&file).unwrap()).read_to_end(&mut plain).unwrap();
        assert_eq!(plain, content);
    }

    #[test]
    fn a_damaged_file_or_a_wrong_checksum_is_refused_and_leaves_nothing() {
        // Bytes that hardly compress, so the middle of the file is deflate data.
        let content: Vec<u8> = (0..1_u32 << 20).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
        let (dir, file) = packed(&content);
        let mut bytes = std::fs::read(&file).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x55;
        let damaged = dir.path().join("damaged.gz");
        std::fs::write(&damaged, &bytes).unwrap();
        let out = dir.path().join("out");
        let refused = unpack(&damaged, &out);
        assert!(matches!(refused, Err(BackupError::Damaged { .. })), "{refused:?}");
        assert!(!out.exists());

        // A header whose checksum is not the content's.
        let copy = dir.path().join("copy");
        let lying = dir.path().join("lying.gz");
        let header = serde_json::to_vec(&Manifest { sha256: "00".repeat(32), bytes: 1 << 20, ..manifest_for_test() });
        let mut gz =
            GzBuilder::new().comment(header.unwrap()).write(File::create(&lying).unwrap(), Compression::fast());
        gz.write_all(&std::fs::read(copy).unwrap()).unwrap();
        gz.finish().unwrap();
        let refused = unpack(&lying, &out).unwrap_err();
        assert!(refused.to_string().contains("SHA-256"), "{refused}");
        assert!(!out.exists());
    }

    #[test]
    fn other_files_are_not_backups() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.gz");
        let mut gz = GzBuilder::new().write(File::create(&plain).unwrap(), Compression::fast());
        gz.write_all(b"not a backup").unwrap();
        gz.finish().unwrap();
        assert!(matches!(manifest(&plain), Err(BackupError::NotABackup(_))));
        let text = dir.path().join("text");
        std::fs::write(&text, "hello").unwrap();
        assert!(matches!(manifest(&text), Err(BackupError::Damaged { .. })));
    }
}
