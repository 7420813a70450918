//! The journal keeps every acknowledged record: round trips, torn tails,
//! corrupt lines, the lock, any cut of the file, and a writer killed with
//! SIGKILL mid-stream.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use vagval_core::Language;
use vagval_workspace::journal::{Journal, JournalError, MAX_RECORD_BYTES};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Answer {
    n: u32,
    text: String,
}

fn answer(n: u32, text: &str) -> Answer {
    Answer {
        n,
        text: text.to_string(),
    }
}

/// A fresh, empty directory of its own for each test (and case).
/// Held (shared) by every test that opens journals, and exclusively by
/// the SIGKILL test while it spawns its child: between fork and exec the
/// child holds a copy of every descriptor open in this process, and with
/// it their `flock`s, so a journal dropped and reopened by another test at
/// that moment reads as locked (seen once, under load, as a `Locked` in
/// the replay property test).
static SPAWNING: std::sync::RwLock<()> = std::sync::RwLock::new(());

fn no_spawn() -> std::sync::RwLockReadGuard<'static, ()> {
    SPAWNING.read().unwrap_or_else(|e| e.into_inner())
}

fn scratch() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "vagval-journal-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_all(path: &Path, records: &[Answer]) {
    let (mut journal, replayed) = Journal::<Answer>::open(path).unwrap();
    assert!(replayed.is_empty());
    for r in records {
        journal.append(r).unwrap();
    }
}

#[test]
fn records_round_trip_and_appends_continue_after_reopening() {
    let _no_spawn = no_spawn();
    let dir = scratch();
    let path = dir.join("answers.jsonl");
    let first = vec![answer(1, "Tranås \"kommun\"\nrad två"), answer(2, "")];
    write_all(&path, &first);
    let (mut journal, replayed) = Journal::<Answer>::open(&path).unwrap();
    assert_eq!(replayed, first);
    assert_eq!(journal.dropped_bytes(), 0);
    journal.append(&answer(3, "åäö")).unwrap();
    drop(journal);
    let (_, replayed) = Journal::<Answer>::open(&path).unwrap();
    assert_eq!(replayed.len(), 3);
    assert_eq!(replayed[2], answer(3, "åäö"));
    // One line per record: the newline inside a string is escaped.
    assert_eq!(fs::read_to_string(&path).unwrap().lines().count(), 3);
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn a_torn_tail_is_cut_off_and_appends_follow_the_last_complete_record() {
    let _no_spawn = no_spawn();
    let dir = scratch();
    let path = dir.join("answers.jsonl");
    write_all(&path, &[answer(1, "ett"), answer(2, "två")]);
    let whole = fs::read(&path).unwrap();
    let torn = b"{\"n\":3,\"text\":\"tr";
    fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(torn)
        .unwrap();

    let (mut journal, replayed) = Journal::<Answer>::open(&path).unwrap();
    assert_eq!(replayed, vec![answer(1, "ett"), answer(2, "två")]);
    assert_eq!(journal.dropped_bytes(), torn.len() as u64);
    assert_eq!(
        fs::read(&path).unwrap(),
        whole,
        "the file is truncated on open"
    );
    journal.append(&answer(3, "tre")).unwrap();
    drop(journal);
    let (journal, replayed) = Journal::<Answer>::open(&path).unwrap();
    assert_eq!(
        replayed,
        vec![answer(1, "ett"), answer(2, "två"), answer(3, "tre")]
    );
    assert_eq!(journal.dropped_bytes(), 0);
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn a_corrupt_middle_line_is_an_error_naming_file_and_line_in_both_languages() {
    let _no_spawn = no_spawn();
    let dir = scratch();
    let path = dir.join("answers.jsonl");
    fs::write(
        &path,
        "{\"n\":1,\"text\":\"a\"}\n{\"n\":2,\"te\n{\"n\":3,\"text\":\"c\"}\n",
    )
    .unwrap();
    let error = Journal::<Answer>::open(&path).unwrap_err();
    assert!(
        matches!(error, JournalError::Corrupt { line: 2, .. }),
        "{error:?}"
    );
    let file = path.display().to_string();
    let en = error.message(Language::En);
    let sv = error.message(Language::Sv);
    assert!(
        en.contains(&format!("{file}:2:")) && en.contains("line 2 of the journal"),
        "{en}"
    );
    assert!(
        sv.contains(&format!("{file}:2:")) && sv.contains("rad 2 i journalen"),
        "{sv}"
    );
    assert_eq!(error.to_string(), en);
    // The file is left as it was: nothing acknowledged is thrown away.
    assert_eq!(fs::read_to_string(&path).unwrap().lines().count(), 3);
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_journal() {
    let _no_spawn = no_spawn();
    let dir = scratch();
    let path = dir.join("answers.jsonl");
    let (journal, _) = Journal::<Answer>::open(&path).unwrap();
    let error = Journal::<Answer>::open(&path).unwrap_err();
    assert!(matches!(error, JournalError::Locked { .. }), "{error:?}");
    assert!(
        error
            .message(Language::Sv)
            .contains("används av en annan process")
    );
    drop(journal);
    assert!(
        Journal::<Answer>::open(&path).is_ok(),
        "free again once the holder is gone"
    );
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn a_record_over_the_limit_is_refused_and_nothing_is_written() {
    let _no_spawn = no_spawn();
    let dir = scratch();
    let path = dir.join("answers.jsonl");
    let (mut journal, _) = Journal::<Answer>::open(&path).unwrap();
    let error = journal
        .append(&answer(1, &"x".repeat(MAX_RECORD_BYTES)))
        .unwrap_err();
    assert!(
        matches!(
            error,
            JournalError::TooLarge {
                limit: MAX_RECORD_BYTES,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.message(Language::Sv).contains("för stor"));
    assert_eq!(fs::metadata(&path).unwrap().len(), 0);
    journal.append(&answer(2, "ok")).unwrap();
    drop(journal);
    assert_eq!(
        Journal::<Answer>::open(&path).unwrap().1,
        vec![answer(2, "ok")]
    );
    let _ = fs::remove_dir_all(dir);
}

fn answers() -> impl Strategy<Value = Vec<Answer>> {
    prop::collection::vec(
        (any::<u32>(), "[a-zåäöÅÄÖ \"\\\\\n\t{}:,é€]{0,24}")
            .prop_map(|(n, text)| Answer { n, text }),
        0..12,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_records_replay_and_any_cut_replays_a_prefix(records in answers(), cut in any::<prop::sample::Index>()) {
        let _no_spawn = no_spawn();
        let dir = scratch();
        let path = dir.join("answers.jsonl");
        write_all(&path, &records);
        let (journal, replayed) = Journal::<Answer>::open(&path).unwrap();
        prop_assert_eq!(&replayed, &records);
        drop(journal);

        // Cut the file at any byte offset (the end included).
        let bytes = fs::read(&path).unwrap();
        let at = cut.index(bytes.len() + 1);
        let cut_path = dir.join("cut.jsonl");
        fs::write(&cut_path, &bytes[..at]).unwrap();
        let (mut journal, replayed) = Journal::<Answer>::open(&cut_path).unwrap();
        let complete = bytes[..at].iter().filter(|&&b| b == b'\n').count();
        prop_assert_eq!(&replayed[..], &records[..complete]);
        let kept = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        prop_assert_eq!(journal.dropped_bytes(), (at - kept) as u64);

        // Appends after a cut follow the prefix.
        journal.append(&answer(7, "sist")).unwrap();
        drop(journal);
        let (_, replayed) = Journal::<Answer>::open(&cut_path).unwrap();
        let mut expected = records[..complete].to_vec();
        expected.push(answer(7, "sist"));
        prop_assert_eq!(replayed, expected);
        let _ = fs::remove_dir_all(dir);
    }
}

/// Set in the child: the journal the writer appends to.
const WRITER: &str = "VAGVAL_JOURNAL_TEST_WRITER";
const CRASH_TEST: &str = "every_acknowledged_record_survives_sigkill";

/// The child's part: append records for ever, printing each index once
/// `append` has returned (acknowledged).
fn writer(path: &Path) -> ! {
    let (mut journal, replayed) = Journal::<Answer>::open(path).unwrap();
    assert!(replayed.is_empty());
    let mut out = std::io::stdout().lock();
    // The test harness's `test … ` has no newline yet: end its line.
    writeln!(out).unwrap();
    for n in 0u32.. {
        journal
            .append(&answer(
                n,
                &format!("svar {n}: \"å\"\n{}", "ä".repeat(n as usize % 300)),
            ))
            .unwrap();
        writeln!(out, "ack {n}").unwrap();
        out.flush().unwrap();
    }
    unreachable!()
}

#[test]
fn every_acknowledged_record_survives_sigkill() {
    if let Some(path) = std::env::var_os(WRITER) {
        writer(Path::new(&path));
    }
    let dir = scratch();
    let path = dir.join("answers.jsonl");
    let spawning = SPAWNING.write().unwrap_or_else(|e| e.into_inner());
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([CRASH_TEST, "--exact", "--nocapture", "--test-threads=1"])
        .env(WRITER, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    drop(spawning);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acknowledged = Vec::new();
    for line in lines.by_ref() {
        if let Some(n) = line.unwrap().strip_prefix("ack ") {
            acknowledged.push(n.parse::<u32>().unwrap());
            if acknowledged.len() == 200 {
                break;
            }
        }
    }
    child.kill().unwrap(); // SIGKILL, mid-stream
    child.wait().unwrap();
    // Acknowledgements printed before the kill and not yet read.
    for line in lines {
        if let Some(n) = line.unwrap().strip_prefix("ack ") {
            acknowledged.push(n.parse::<u32>().unwrap());
        }
    }
    assert!(acknowledged.len() >= 200, "the writer stopped early");
    assert_eq!(
        acknowledged,
        (0..acknowledged.len() as u32).collect::<Vec<_>>()
    );

    let (_, replayed) = Journal::<Answer>::open(&path).unwrap();
    assert!(
        replayed.len() >= acknowledged.len(),
        "{} records, {} acknowledged",
        replayed.len(),
        acknowledged.len()
    );
    for (i, record) in replayed.iter().enumerate() {
        assert_eq!(record.n, i as u32, "records in order, none missing");
        assert!(record.text.starts_with(&format!("svar {i}: \"å\"\n")));
    }
    let _ = fs::remove_dir_all(dir);
}
