//! The survey's files: the group script written atomically (temporary
//! file, fsync, rename) after an atomic copy of the old one to `.bak`; the
//! draft `.<group>.draft.json` rewritten after every answer, so an
//! interrupted survey can be resumed; the lock `.<group>.lock` that keeps
//! two surveys of one group apart; the clean-up of temporary files left by
//! a killed run; and the refusal to write through links that leave the
//! workspace. Discovery reads only `*.lua`, so none of these is a group.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The temporary files of this module: `.vagval-<pid>-<n>.tmp`.
const TEMP_PREFIX: &str = ".vagval-";
const TEMP_SUFFIX: &str = ".tmp";

fn cannot(what: (&str, &str), path: &Path, e: io::Error) -> Diagnostic {
    // `{e}` is the system's I/O error text, not ours: the same in both languages.
    Diagnostic::new(
        format!("cannot {} {}: {e}", what.0, path.display()),
        format!("kan inte {} {}: {e}", what.1, path.display()),
    )
    .in_file(path)
}

/// Writes `bytes` to `dir/file_name`: a temporary file in the target's
/// folder, synced, then renamed over the target. With `keep_backup`, an
/// existing target is first copied (atomically too) to the first free of
/// `<file_name>.bak`, `.bak.1`, `.bak.2`, …. On failure the target is
/// untouched and the temporary file removed.
///
/// A symbolic link is followed: the file it names is replaced and the link
/// stays a link (the survey refuses links out of the workspace before it
/// gets here, see `check_inside`). A target that is not a regular file (a
/// FIFO, a device such as /dev/null) is written into, as a shell
/// redirection would, because renaming over it would replace the pipe or
/// device itself.
pub fn write_atomically(
    dir: &Path,
    file_name: &str,
    bytes: &[u8],
    keep_backup: bool,
) -> Result<PathBuf, Diagnostic> {
    let mut target = dir.join(file_name);
    if fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
        target = fs::canonicalize(&target)
            .map_err(|e| cannot(("follow the link", "följa länken"), &target, e))?;
    }
    if let Ok(metadata) = fs::metadata(&target)
        && !metadata.is_file()
    {
        if metadata.is_dir() {
            return Err(Diagnostic::new(
                format!("{} is a folder", target.display()),
                format!("{} är en mapp", target.display()),
            )
            .in_file(&target));
        }
        fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .and_then(|mut file| file.write_all(bytes))
            .map_err(|e| cannot(("write", "skriva"), &target, e))?;
        return Ok(target);
    }
    let (dir, file_name) = match (target.parent(), target.file_name().and_then(|n| n.to_str())) {
        (Some(parent), Some(name)) => (parent.to_path_buf(), name.to_string()),
        _ => (dir.to_path_buf(), file_name.to_string()),
    };
    let (dir, file_name) = (dir.as_path(), file_name.as_str());
    fs::create_dir_all(dir).map_err(|e| cannot(("create the folder", "skapa mappen"), dir, e))?;
    let (temp, mut file) = create_temp(dir)?;
    let result = (|| {
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| cannot(("write", "skriva"), &temp, e))?;
        drop(file);
        match fs::symlink_metadata(&target) {
            Ok(metadata) => {
                if keep_backup {
                    backup(dir, file_name, &target)?;
                }
                // The new file keeps the old one's permissions.
                let _ = fs::set_permissions(&temp, metadata.permissions());
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(cannot(("read", "läsa"), &target, e)),
        }
        fs::rename(&temp, &target).map_err(|e| cannot(("replace", "ersätta"), &target, e))
    })();
    if let Err(error) = result {
        let _ = fs::remove_file(&temp);
        return Err(error);
    }
    sync_folder(dir);
    Ok(target)
}

/// Makes a rename in `dir` durable (not possible on every platform).
fn sync_folder(dir: &Path) {
    if let Ok(folder) = fs::File::open(dir) {
        let _ = folder.sync_all();
    }
}

fn create_temp(dir: &Path) -> Result<(PathBuf, fs::File), Diagnostic> {
    let mut attempt = 0u32;
    loop {
        // Short, whatever the target's name: a name near the 255-byte limit
        // must still be writable.
        let temp = dir.join(format!(
            "{TEMP_PREFIX}{}-{attempt}{TEMP_SUFFIX}",
            std::process::id()
        ));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => {
                // `{e}` is the system's I/O error text, not ours: the same in both languages.
                return Err(Diagnostic::new(
                    format!("cannot create a temporary file in {}: {e}", dir.display()),
                    format!("kan inte skapa en tillfällig fil i {}: {e}", dir.display()),
                )
                .in_file(&temp));
            }
        }
    }
}

/// Removes the temporary files in `dir` left by runs that were killed
/// (their process no longer exists). Where processes cannot be looked up
/// (no /proc), nothing is removed.
pub fn remove_stale_temporaries(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(listing) = fs::read_dir(dir) else {
        return;
    };
    for entry in listing.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, n)| n.parse::<u32>().ok().and(pid.parse::<u32>().ok()))
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if !alive && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The backup names in order: `x.bak`, `x.bak.1`, `x.bak.2`, …
fn backup_name(file_name: &str, attempt: u32) -> String {
    if attempt == 0 {
        format!("{file_name}.bak")
    } else {
        format!("{file_name}.bak.{attempt}")
    }
}

/// Copies `target` to the first free backup name, atomically: the copy is
/// written and synced under a temporary name, then linked to the backup
/// name (a link never replaces an existing file), so a kill leaves either
/// no backup or a whole one. Returns the backup's path.
fn backup(dir: &Path, file_name: &str, target: &Path) -> Result<PathBuf, Diagnostic> {
    let cannot_copy = |path: &Path, e: io::Error| {
        // `{e}` is the system's I/O error text, not ours: the same in both languages.
        Diagnostic::new(
            format!(
                "cannot keep a copy of {} as {}: {e}; nothing was changed",
                target.display(),
                path.display()
            ),
            format!(
                "kan inte spara en kopia av {} som {}: {e}; ingenting ändrades",
                target.display(),
                path.display()
            ),
        )
        .in_file(target)
    };
    let (temp, mut copy) = create_temp(dir)?;
    let copied = fs::File::open(target)
        .and_then(|mut original| io::copy(&mut original, &mut copy))
        .and_then(|_| copy.sync_all());
    drop(copy);
    if let Err(e) = copied {
        let _ = fs::remove_file(&temp);
        return Err(cannot_copy(&dir.join(backup_name(file_name, 0)), e));
    }
    let mut attempt = 0u32;
    let result = loop {
        let path = dir.join(backup_name(file_name, attempt));
        match fs::hard_link(&temp, &path) {
            Ok(()) => break Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 10_000 => attempt += 1,
            // A file system without hard links: rename to a name found free.
            Err(_) if !path.exists() => {
                break fs::rename(&temp, &path)
                    .map(|()| path.clone())
                    .map_err(|e| cannot_copy(&path, e));
            }
            Err(e) => break Err(cannot_copy(&path, e)),
        }
    };
    let _ = fs::remove_file(&temp);
    if result.is_ok() {
        sync_folder(dir);
    }
    result
}

// ---------------------------------------------------------------------------
// Links out of the workspace
// ---------------------------------------------------------------------------

/// Refuses `path` (and its folders up to `root`) when a symbolic link on
/// the way leads out of the workspace `root`.
pub fn check_inside(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    let Ok(root) = fs::canonicalize(root) else {
        return Ok(());
    };
    // The deepest existing ancestor (or the path itself), resolved.
    let mut probe = path.to_path_buf();
    loop {
        if fs::symlink_metadata(&probe).is_ok() {
            break;
        }
        if !probe.pop() {
            return Ok(());
        }
    }
    let resolved = match fs::canonicalize(&probe) {
        Ok(resolved) => resolved,
        // A dangling link: where it points cannot be checked; refuse.
        Err(_) => probe.clone(),
    };
    let dangling = fs::metadata(&probe).is_err();
    if dangling || !resolved.starts_with(&root) {
        let shown = path.display();
        return Err(Diagnostic::new(format!(
            "{shown} leads out of the workspace (through the link {}); the survey does not write there",
            probe.display()
        ), format!(
            "{shown} leder ut ur arbetsytan (genom länken {}); enkäten skriver inte dit",
            probe.display()
        ))
        .in_file(&probe)
        .hint("remove the link, or make it point to a file inside the workspace", "ta bort länken, eller låt den peka på en fil i arbetsytan"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The lock
// ---------------------------------------------------------------------------

/// An exclusive lock on surveying one group, held while the survey runs:
/// `flock` on `.<group>.lock`, which the system releases when the process
/// dies, so a lock left by a killed run is free again. The file is removed
/// when the lock is dropped.
pub struct Lock {
    path: PathBuf,
    _file: fs::File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked; a run that opened the old file sees
        // that it is gone (`lock` compares the file it locked with the path).
        let _ = fs::remove_file(&self.path);
    }
}

pub fn lock_name(group: &str) -> String {
    format!(".{group}.lock")
}

/// Takes the lock of `group` in `dir`, or says who holds it.
pub fn lock(dir: &Path, group: &str) -> Result<Lock, Diagnostic> {
    let path = dir.join(lock_name(group));
    for _ in 0..100 {
        // A lock that is a link (or a folder, pipe, device) is refused
        // before it is opened: through a link to /etc/passwd the process
        // id was written into that file.
        if let Ok(metadata) = fs::symlink_metadata(&path)
            && !metadata.file_type().is_file()
        {
            return Err(Diagnostic::new(format!(
                "{} is not a regular file (it is a link, a folder, a device or a pipe); vagval writes no lock through it",
                path.display()
            ), format!(
                "{} är ingen vanlig fil (utan en länk, en mapp, en enhet eller en rörledning); vagval skriver inget lås genom den",
                path.display()
            ))
            .in_file(&path)
            .hint("remove it, if no survey of this group is running, and run the survey again", "ta bort den, om ingen enkät för gruppen pågår, och kör enkäten igen"));
        }
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| cannot(("create the lock file", "skapa låsfilen"), &path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = fs::File::open(&path).and_then(|mut f| f.read_to_string(&mut text));
                let pid = text.trim().parse::<u32>().ok();
                let by = pid.map(|p| format!(" (process {p})")).unwrap_or_default();
                let by_sv = pid.map(|p| format!(" (process {p})")).unwrap_or_default();
                return Err(Diagnostic::new(format!(
                    "another survey of the group `{group}` is running{by}; two at once would lose one group's answers"
                ), format!(
                    "en annan enkät för gruppen `{group}` pågår{by_sv}; två samtidigt skulle tappa den enas svar"
                ))
                .in_file(&path)
                .hint("finish or stop the other survey first, then run this one again", "avsluta eller avbryt den andra enkäten först och kör sedan den här igen"));
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(cannot(("lock", "låsa"), &path, e));
            }
        }
        if same_file(&file, &path) {
            let mut file = file;
            let _ = file
                .set_len(0)
                .and_then(|()| writeln!(file, "{}", std::process::id()));
            return Ok(Lock { path, _file: file });
        }
        // The file was removed by its holder after we opened it: again.
    }
    Err(Diagnostic::new(
        format!("cannot lock {}", path.display()),
        format!("kan inte låsa {}", path.display()),
    )
    .in_file(&path))
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // `symlink_metadata`: a link put in the lock's place after the check
    // above is not the file locked, so nothing is written through it.
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

// ---------------------------------------------------------------------------
// The draft
// ---------------------------------------------------------------------------

/// The answers so far, rewritten after every answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub version: u32,
    pub group: String,
    pub name: Option<String>,
    pub seats: Option<u32>,
    pub answers: Vec<DraftAnswer>,
}

/// One answer by ids: `set` is `goal` or the parent criterion's id; `value`
/// is `first` over `second`, absent for a skipped pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftAnswer {
    pub set: String,
    pub first: String,
    pub second: String,
    pub value: Option<f64>,
    #[serde(default)]
    pub number: bool,
}

pub const DRAFT_VERSION: u32 = 1;

pub fn draft_name(group: &str) -> String {
    format!(".{group}.draft.json")
}

/// The draft of `group` in `dir`: `Ok(None)` when there is none; an error
/// when it cannot be read (a damaged draft is not deleted silently).
pub fn read_draft(dir: &Path, group: &str) -> Result<Option<Draft>, Diagnostic> {
    let path = dir.join(draft_name(group));
    match fs::metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot(("read", "läsa"), &path, e)),
        Ok(_) => {}
    }
    // Bounded, and only a regular file: a draft that is a link to
    // /dev/zero or a pipe was read without end.
    let text = crate::load::read_input(&path)?.text;
    // A hand-edited value no answer can give (0, 1e-320, 1e300) or 0 seats
    // would only fail when the script is written, after every question.
    let sane = |draft: &Draft| {
        draft.seats != Some(0)
            && draft
                .answers
                .iter()
                .all(|answer| answer.value.is_none_or(vagval_core::pairwise::in_range))
    };
    match serde_json::from_str::<Draft>(&text) {
        Ok(draft) if draft.version == DRAFT_VERSION && draft.group == group && sane(&draft) => {
            Ok(Some(draft))
        }
        _ => Err(Diagnostic::new(
            format!(
                "{} is not a draft this version of vagval can read",
                path.display()
            ),
            format!(
                "{} är inte ett utkast som den här versionen av vagval kan läsa",
                path.display()
            ),
        )
        .in_file(&path)
        .hint(
            "remove it to start the survey afresh",
            "ta bort filen för att börja om enkäten",
        )),
    }
}

pub fn write_draft(dir: &Path, draft: &Draft) -> Result<(), Diagnostic> {
    let bytes = serde_json::to_vec_pretty(draft).map_err(|e| {
        // `{e}` is serde_json's error text, not ours: the same in both languages.
        Diagnostic::new(
            format!("cannot write the draft: {e}"),
            format!("kan inte skriva utkastet: {e}"),
        )
    })?;
    write_atomically(dir, &draft_name(&draft.group), &bytes, false).map(|_| ())
}

pub fn remove_draft(dir: &Path, group: &str) {
    let path = dir.join(draft_name(group));
    if fs::remove_file(&path).is_ok() {
        sync_folder(dir);
    }
}
