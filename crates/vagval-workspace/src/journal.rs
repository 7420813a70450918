//! An append-only, durable journal of JSON lines: what the live workshop
//! stores every answer in before it acknowledges it, and what any front end
//! may use. One record is one line (serde_json escapes newlines inside
//! strings), written with one `write_all` and made durable with `sync_data`
//! before `append` returns: `Ok` means stored.
//!
//! Opening replays every complete record. A crash mid-write leaves at most
//! the last line incomplete (each append is synced before the next begins):
//! that torn tail was never acknowledged, so it is cut off (the file is
//! truncated to its last complete line and synced) and reported as a count
//! of dropped bytes, never as an error. A complete line that does not parse
//! is an error naming the file and line: it was acknowledged once, and is
//! not dropped silently.
//!
//! The journal locks its own file (`flock`, released by the system when the
//! process dies) for as long as the `Journal` lives, so two processes never
//! append to it at once. store.rs's per-group lock is not reused: it is
//! keyed by a group's name, lives in a separate `.<group>.lock` file and
//! speaks of a survey in its messages; the journal needs no second file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use vagval_core::Language;

/// The largest record (its JSON line, newline included) `append` accepts.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// What the journal was doing when the system said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Open,
    Lock,
    Read,
    Truncate,
    Write,
    Sync,
}

impl Action {
    fn text(self, l: Language) -> &'static str {
        match self {
            Action::Open => l.pick("open it", "öppna den"),
            Action::Lock => l.pick("lock it", "låsa den"),
            Action::Read => l.pick("read it", "läsa den"),
            Action::Truncate => {
                l.pick("cut off its torn last line", "kapa dess avbrutna sista rad")
            }
            Action::Write => l.pick("write to it", "skriva till den"),
            Action::Sync => l.pick("save it to disk", "spara den till disk"),
        }
    }
}

/// Why a journal could not be opened or appended to. Its text is
/// `message`, in English for `Display`.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Language::En))]
pub enum JournalError {
    /// The system refused an operation on the journal.
    Io {
        path: PathBuf,
        action: Action,
        source: io::Error,
    },
    /// Another process (or another `Journal` in this one) holds the journal.
    Locked { path: PathBuf },
    /// A complete line (1-based) is not a record.
    Corrupt {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    /// A record's line is longer than [`MAX_RECORD_BYTES`].
    TooLarge {
        path: PathBuf,
        size: usize,
        limit: usize,
    },
    /// The record could not be written as JSON.
    Encode { path: PathBuf, reason: String },
    /// An earlier append failed and its partial line could not be removed;
    /// nothing more is appended after it.
    Broken { path: PathBuf },
}

impl JournalError {
    /// The journal's file.
    pub fn path(&self) -> &Path {
        match self {
            JournalError::Io { path, .. }
            | JournalError::Locked { path }
            | JournalError::Corrupt { path, .. }
            | JournalError::TooLarge { path, .. }
            | JournalError::Encode { path, .. }
            | JournalError::Broken { path } => path,
        }
    }

    /// The error in `l`, naming the file (and the line).
    pub fn message(&self, l: Language) -> String {
        let file = self.path().display();
        match self {
            JournalError::Io { action, source, .. } => match l {
                Language::En => format!("the journal {file}: cannot {}: {source}", action.text(l)),
                Language::Sv => format!("journalen {file}: kan inte {}: {source}", action.text(l)),
            },
            JournalError::Locked { .. } => l.pick(
                format!("the journal {file} is in use by another process; two writers would mix their answers"),
                format!("journalen {file} används av en annan process; två som skriver samtidigt skulle blanda sina svar"),
            ),
            JournalError::Corrupt { line, reason, .. } => l.pick(
                format!("{file}:{line}: line {line} of the journal is not a record ({reason})"),
                format!("{file}:{line}: rad {line} i journalen är ingen post ({reason})"),
            ),
            JournalError::TooLarge { size, limit, .. } => l.pick(
                format!("a record of {size} bytes is too large for the journal {file} (at most {limit})"),
                format!("en post på {size} byte är för stor för journalen {file} (högst {limit})"),
            ),
            JournalError::Encode { reason, .. } => l.pick(
                format!("cannot write a record to the journal {file} as JSON: {reason}"),
                format!("kan inte skriva en post till journalen {file} som JSON: {reason}"),
            ),
            JournalError::Broken { .. } => l.pick(
                format!("the journal {file} stopped taking records after a failed write; reopen it"),
                format!("journalen {file} tar inte emot fler poster efter en misslyckad skrivning; öppna den igen"),
            ),
        }
    }
}

/// An open, locked journal of records of type `T`.
#[derive(Debug)]
pub struct Journal<T> {
    path: PathBuf,
    file: File,
    /// The file's length after the last complete record.
    len: u64,
    dropped_bytes: u64,
    broken: bool,
    _records: PhantomData<fn(&T) -> T>,
}

impl<T: Serialize + DeserializeOwned> Journal<T> {
    /// Opens (creating it if missing) and locks the journal at `path`, and
    /// replays its records in order. A torn last line is cut off; see
    /// [`Journal::dropped_bytes`].
    pub fn open(path: &Path) -> Result<(Journal<T>, Vec<T>), JournalError> {
        let path = path.to_path_buf();
        let io = |action| {
            let path = path.clone();
            move |source| JournalError::Io {
                path,
                action,
                source,
            }
        };
        let (mut file, created) = match OpenOptions::new()
            .read(true)
            .append(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => (file, true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let file = OpenOptions::new()
                    .read(true)
                    .append(true)
                    .open(&path)
                    .map_err(io(Action::Open))?;
                (file, false)
            }
            Err(e) => return Err(io(Action::Open)(e)),
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(JournalError::Locked { path }),
            Err(fs::TryLockError::Error(e)) => return Err(io(Action::Lock)(e)),
        }
        if created {
            sync_parent(&path).map_err(io(Action::Sync))?;
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(io(Action::Read))?;
        let (records, complete) = replay(&path, &bytes)?;
        let total = bytes.len() as u64;
        if complete < total {
            file.set_len(complete).map_err(io(Action::Truncate))?;
            file.sync_all().map_err(io(Action::Sync))?;
        }
        let journal = Journal {
            path,
            file,
            len: complete,
            dropped_bytes: total - complete,
            broken: false,
            _records: PhantomData,
        };
        Ok((journal, records))
    }

    /// Appends `record` as one line and syncs it: `Ok` means durably stored.
    pub fn append(&mut self, record: &T) -> Result<(), JournalError> {
        if self.broken {
            return Err(JournalError::Broken {
                path: self.path.clone(),
            });
        }
        let mut line = serde_json::to_vec(record).map_err(|e| JournalError::Encode {
            path: self.path.clone(),
            reason: e.to_string(),
        })?;
        line.push(b'\n');
        if line.len() > MAX_RECORD_BYTES {
            return Err(JournalError::TooLarge {
                path: self.path.clone(),
                size: line.len(),
                limit: MAX_RECORD_BYTES,
            });
        }
        let written = self
            .file
            .write_all(&line)
            .map_err(|e| (Action::Write, e))
            .and_then(|()| self.file.sync_data().map_err(|e| (Action::Sync, e)));
        match written {
            Ok(()) => {
                self.len += line.len() as u64;
                Ok(())
            }
            Err((action, source)) => {
                // A partial line would make every later record follow a
                // corrupt one: remove it, or take no more records.
                if self
                    .file
                    .set_len(self.len)
                    .and_then(|()| self.file.sync_data())
                    .is_err()
                {
                    self.broken = true;
                }
                Err(JournalError::Io {
                    path: self.path.clone(),
                    action,
                    source,
                })
            }
        }
    }
}

impl<T> Journal<T> {
    /// The journal's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many bytes of a torn last line `open` cut off (0 if none).
    pub fn dropped_bytes(&self) -> u64 {
        self.dropped_bytes
    }
}

/// The records of every complete line, and the length of the complete lines.
fn replay<T: DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<(Vec<T>, u64), JournalError> {
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut records = Vec::new();
    // `split_inclusive`: each line with its newline, none after the last.
    for (index, line) in bytes[..complete]
        .split_inclusive(|&b| b == b'\n')
        .enumerate()
    {
        let number = index + 1;
        let record = serde_json::from_slice(line).map_err(|e| JournalError::Corrupt {
            path: path.to_path_buf(),
            line: number,
            reason: e.to_string(),
        })?;
        records.push(record);
    }
    Ok((records, complete as u64))
}

/// Makes the new file's name durable: syncs the directory that holds it.
fn sync_parent(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        File::open(parent)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_error() -> Vec<JournalError> {
        let path = PathBuf::from("sessions/s1.jsonl");
        let io = || io::Error::other("disk full");
        let mut errors: Vec<JournalError> = [
            Action::Open,
            Action::Lock,
            Action::Read,
            Action::Truncate,
            Action::Write,
            Action::Sync,
        ]
        .into_iter()
        .map(|action| JournalError::Io {
            path: path.clone(),
            action,
            source: io(),
        })
        .collect();
        errors.extend([
            JournalError::Locked { path: path.clone() },
            JournalError::Corrupt {
                path: path.clone(),
                line: 4,
                reason: "EOF".into(),
            },
            JournalError::TooLarge {
                path: path.clone(),
                size: 70_000,
                limit: MAX_RECORD_BYTES,
            },
            JournalError::Encode {
                path: path.clone(),
                reason: "key must be a string".into(),
            },
            JournalError::Broken { path },
        ]);
        errors
    }

    #[test]
    fn every_error_names_its_file_in_english_and_in_swedish() {
        for error in every_error() {
            let en = error.message(Language::En);
            let sv = error.message(Language::Sv);
            assert!(
                en.contains("sessions/s1.jsonl") && sv.contains("sessions/s1.jsonl"),
                "{en} / {sv}"
            );
            assert_ne!(en, sv);
            assert!(sv.contains("journal"), "{sv}");
            assert_eq!(error.to_string(), en);
        }
    }

    #[test]
    fn a_failed_write_names_what_failed() {
        let errors = every_error();
        let texts: Vec<String> = errors.iter().map(|e| e.message(Language::Sv)).collect();
        assert!(
            texts[0].starts_with("journalen sessions/s1.jsonl: kan inte öppna den:")
                && texts[0].ends_with("disk full"),
            "{}",
            texts[0]
        );
        assert!(
            texts[5].starts_with("journalen sessions/s1.jsonl: kan inte spara den till disk:"),
            "{}",
            texts[5]
        );
        assert!(
            errors[0]
                .to_string()
                .starts_with("the journal sessions/s1.jsonl: cannot open it:")
        );
        assert!(std::error::Error::source(&errors[0]).is_some());
    }
}
