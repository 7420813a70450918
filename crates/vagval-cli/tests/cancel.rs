//! Ctrl-C during a long Monte Carlo run: the real binary, sent SIGINT, stops
//! at its next block, says so in the language asked for, writes nothing and
//! exits 130 — promptly. (The time is printed for the closing note; the
//! bound asserted is generous, for a loaded CI machine.)

// Test helpers outside #[test] functions: a failure is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn ctrl_c_stops_a_long_monte_carlo_run_at_once_with_exit_130() {
    let bin = common::bin();
    let root = common::repo_root();
    // Fixed data (fast blocks), and the Tranås cost script called per
    // sample (slow blocks: the cancel is looked at per batch).
    for (lang, said, workspace, data) in [
        ("en", "was stopped", "examples/leader", "fixed"),
        ("sv", "avbröts", ".", "ranges"),
    ] {
        let mut child = Command::new(bin)
            .current_dir(&root)
            .args([
                "--workspace",
                workspace,
                "--lang",
                lang,
                "sensitivity",
                "monte-carlo",
                "--data",
                data,
                "--samples",
                "1000000000",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Well into the run.
        std::thread::sleep(Duration::from_millis(700));
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended by itself"
        );
        let sent = Instant::now();
        let kill = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let deadline = sent + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("--lang {lang}: still running 10 s after Ctrl-C");
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let took = sent.elapsed();
        eprintln!(
            "--data {data}: stopped {:.0} ms after Ctrl-C",
            took.as_secs_f64() * 1000.0
        );
        let mut stdout = String::new();
        let mut stderr = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout)
            .unwrap();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(status.code(), Some(130), "--lang {lang}: {stderr}");
        assert!(stderr.contains(said), "--lang {lang}: {stderr}");
        assert!(stdout.is_empty(), "--lang {lang}: printed {stdout}");
        assert!(took < Duration::from_secs(2), "--lang {lang}: {took:?}");
    }
}
