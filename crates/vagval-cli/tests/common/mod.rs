//! The one harness for running vagval in tests, shared by every test file
//! of this crate and (through `#[path]`) by the workspace test crate
//! `tests/`: temporary workspaces removed on drop, copies of the shipped
//! workspaces, and runs of the real binary with the locale cleared, stdin
//! fed, a time limit, and a failure on a signal, exit 101 or any panic.
//!
//! The binary exists only for this crate's tests (`CARGO_BIN_EXE_vagval`);
//! the workspace test crate runs the same command line in-process with
//! [`run_in_process`].

// Each test binary that includes this module uses only part of it.
#![allow(dead_code, reason = "a test binary uses only part of the harness")]

pub mod serve;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The `vagval` binary cargo built for this crate's tests (None in the
/// workspace test crate, which has no binary of its own).
pub const BIN_PATH: Option<&str> = option_env!("CARGO_BIN_EXE_vagval");
/// No run may take longer than this (debug build, slow CI).
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The binary's path; only this crate's tests have one.
pub fn bin() -> &'static str {
    BIN_PATH.unwrap_or_else(|| {
        panic!("no vagval binary in this test crate: run vagval with run_in_process instead")
    })
}

/// The repository root: the nearest folder above this crate with Cargo.lock.
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or_else(|| panic!("no Cargo.lock above {}", manifest.display()))
        .to_path_buf()
}

/// A folder under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("vagval-cli-test-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Replaces `from` by `to` in the file `rel` (which must contain it).
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.0.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} lacks `{from}`");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    pub fn arg(&self) -> String {
        self.0.to_string_lossy().into_owned()
    }

    /// The folder of the workspace's group scripts.
    pub fn groups(&self) -> PathBuf {
        self.0.join("scripts").join("groups")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A copy of examples/leader (four criteria, three alternatives, no groups).
pub fn leader(tag: &str) -> TempDir {
    let dir = TempDir::new(tag);
    copy_dir(&repo_root().join("examples/leader"), dir.path());
    dir
}

/// What one run printed and its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Stdout read as JSON (fails the test if it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{self:?}"))
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cut = |s: &str| -> String { s.chars().take(3000).collect() };
        write!(
            f,
            "exit {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code,
            cut(&self.stdout),
            cut(&self.stderr)
        )
    }
}

/// The binary as a command in `cwd`, with the locale variables removed
/// (vagval speaks the locale's language by default; tests choose it),
/// no colour and no backtraces: for tests that drive the process
/// themselves (closed pipes, signals, a live survey).
pub fn command(cwd: &Path) -> Command {
    let mut command = Command::new(bin());
    command
        .current_dir(cwd)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1");
    command
}

/// Runs vagval in `cwd` with an empty stdin; see [`run_with`].
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    run_with(cwd, args, &[], b"")
}

/// `run_in` with `env` set after the locale variables are removed (so a
/// test decides the default language).
pub fn run_in_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    run_with(cwd, args, env, b"")
}

/// `run_in` feeding `stdin` to the process.
pub fn run_stdin(cwd: &Path, args: &[&str], stdin: &[u8]) -> Run {
    run_with(cwd, args, &[], stdin)
}

/// Runs vagval in `cwd` with `env` set (after the locale variables are
/// removed) and `stdin` fed; fails the test on a hang, a signal, exit 101
/// or a panic message.
pub fn run_with(cwd: &Path, args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Run {
    let mut command = command(cwd);
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin()));
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    // A process that stops reading early closes the pipe: not an error here.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("vagval {args:?} did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let _ = writer.join();
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    let run = Run {
        code: status.code().unwrap_or_else(|| {
            panic!("vagval {args:?} was killed by a signal ({status:?}):\n{stderr}")
        }),
        stdout,
        stderr,
    };
    check_no_panic(args, &run);
    run
}

/// Runs vagval on the workspace `ws` (`--workspace ws` first).
pub fn run_ws(ws: &TempDir, args: &[&str]) -> Run {
    let ws_arg = ws.arg();
    let mut full = vec!["--workspace", ws_arg.as_str()];
    full.extend_from_slice(args);
    run_in(ws.path(), &full)
}

/// Runs `vagval args…` in-process (`vagval_cli::run`, English by default)
/// as if started in `cwd`, with an empty stdin; fails on a panic message.
pub fn run_in_process(cwd: &Path, args: &[&str]) -> Run {
    let mut full = vec!["vagval"];
    full.extend_from_slice(args);
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = vagval_cli::run(full, cwd, &mut std::io::empty(), &mut stdout, &mut stderr);
    let run = Run {
        code,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    };
    check_no_panic(args, &run);
    run
}

fn check_no_panic(args: &[&str], run: &Run) {
    assert!(
        run.code != 101 && !run.stderr.contains("panicked"),
        "vagval {args:?} panicked:\n{run:?}"
    );
}
