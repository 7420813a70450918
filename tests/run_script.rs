//! `tests/run` (the README's test command as one script: `tests/prerequisites`, then `cargo test`), on a made-up machine: a PATH of
//! its own (bash's helpers, and stand-ins for `id`, `sudo`, `apt-get`,
//! `cargo`, `chromium` and `tmux` that record how they were called), so
//! that a missing Chromium or tmux, root or not, can be tried here without
//! installing anything or running the tests themselves.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../crates/vagval-cli/tests/common/mod.rs"]
mod common;

use common::{TempDir, repo_root};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A machine: a `bin` folder that is the whole PATH, and a log file the
/// stand-ins append their names and arguments to.
struct Machine {
    dir: TempDir,
}

impl Machine {
    /// `uid` is what `id -u` prints; `tools` the stand-ins installed.
    fn new(tag: &str, uid: u32, tools: &[&str]) -> Machine {
        let dir = TempDir::new(tag);
        let machine = Machine { dir };
        std::fs::create_dir_all(machine.bin()).unwrap();
        for tool in ["dirname", "env", "sh", "chmod"] {
            let found = ["/usr/bin", "/bin"]
                .iter()
                .map(|d| Path::new(d).join(tool))
                .find(|p| p.is_file())
                .unwrap_or_else(|| panic!("no {tool} in /usr/bin or /bin"));
            std::os::unix::fs::symlink(found, machine.bin().join(tool)).unwrap();
        }
        machine.script("id", &format!("echo {uid}"));
        for tool in tools {
            machine.tool(tool);
        }
        machine
    }

    fn bin(&self) -> PathBuf {
        self.dir.path().join("bin")
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("log")
    }

    fn script(&self, name: &str, body: &str) {
        let path = self.bin().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// A stand-in that logs `name args…` and succeeds. `apt-get install`
    /// installs the packages' programs as stand-ins in turn.
    fn tool(&self, name: &str) {
        let log = self.log().display().to_string();
        let bin = self.bin().display().to_string();
        let body = match name {
            "apt-get" => format!(
                "echo \"apt-get $*\" >> {log}\n\
                 if [ \"$1\" = install ]; then for p in \"$@\"; do case $p in chromium|tmux)\n\
                 printf '#!/bin/sh\\necho \"%s $*\" >> {log}\\n' \"$p\" > {bin}/$p; chmod +x {bin}/$p;;\n\
                 esac; done; fi"
            ),
            // Password-less sudo: runs the command.
            "sudo" => format!("echo \"sudo $*\" >> {log}\n[ \"$1\" = -n ] && shift\n\"$@\""),
            _ => format!("echo \"{name} $*\" >> {log}"),
        };
        self.script(name, &body);
    }

    /// Runs `bash tests/run ARGS` of this repository on the machine.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> (i32, String, Vec<String>) {
        let mut command = Command::new("/bin/bash");
        command
            .arg(repo_root().join("tests/run"))
            .args(args)
            .env_clear()
            .env("PATH", self.bin())
            .env("HOME", self.dir.path());
        for (key, value) in env {
            command.env(key, value);
        }
        let out = command.output().unwrap();
        let log = std::fs::read_to_string(self.log()).unwrap_or_default();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            log.lines().map(str::to_owned).collect(),
        )
    }
}

const CARGO_TEST: &str = "cargo test --workspace --locked";

/// The one sentence of a failure: a single line, `error: …`, ending in a
/// full stop.
fn one_sentence(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "not one line:\n{stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(lines[0].ends_with('.'), "{stderr}");
    lines[0]
}

#[test]
fn not_root_without_chromium_and_tmux_it_says_how_in_one_sentence() {
    let machine = Machine::new("run-user", 1000, &["apt-get", "cargo"]);
    let (code, stderr, log) = machine.run(&[], &[]);
    assert_eq!(code, 1, "{stderr}");
    let sentence = one_sentence(&stderr);
    assert!(
        sentence.contains(
            "sudo apt-get install -y --no-install-recommends chromium fonts-liberation tmux"
        ),
        "{sentence}"
    );
    assert!(sentence.contains("tests/run again"), "{sentence}");
    // Nothing installed, no test run.
    assert_eq!(log, Vec::<String>::new());
}

#[test]
fn not_root_without_tmux_it_names_only_tmux() {
    let machine = Machine::new("run-user-tmux", 1000, &["apt-get", "cargo", "chromium"]);
    let (code, stderr, log) = machine.run(&[], &[]);
    assert_eq!(code, 1, "{stderr}");
    let sentence = one_sentence(&stderr);
    assert!(
        sentence.contains("install -y --no-install-recommends tmux`"),
        "{sentence}"
    );
    assert!(!sentence.contains("chromium"), "{sentence}");
    assert_eq!(log, Vec::<String>::new());
}

#[test]
fn root_installs_what_is_missing_then_runs_the_tests() {
    let machine = Machine::new("run-root", 0, &["apt-get", "cargo"]);
    let (code, stderr, log) = machine.run(&[], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        log,
        [
            "apt-get update",
            "apt-get install -y --no-install-recommends chromium fonts-liberation tmux",
            "chromium --version",
            "tmux -V",
            CARGO_TEST,
        ]
    );
}

#[test]
fn password_less_sudo_installs_what_is_missing() {
    let machine = Machine::new("run-sudo", 1000, &["apt-get", "cargo", "sudo", "tmux"]);
    let (code, stderr, log) = machine.run(&[], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(log[0], "sudo -n true");
    assert!(log[1].starts_with("sudo -n env DEBIAN_FRONTEND=noninteractive sh -c"));
    assert_eq!(
        log[2..],
        [
            "apt-get update",
            "apt-get install -y --no-install-recommends chromium fonts-liberation",
            "chromium --version",
            "tmux -V",
            CARGO_TEST,
        ]
    );
}

#[test]
fn with_everything_installed_it_only_runs_the_tests_with_its_arguments() {
    let machine = Machine::new("run-ready", 1000, &["apt-get", "cargo", "chromium", "tmux"]);
    let (code, stderr, log) = machine.run(&["--", "name"], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        log,
        [
            "chromium --version",
            "tmux -V",
            &format!("{CARGO_TEST} -- name")
        ]
    );
}

#[test]
fn a_wrong_vagval_chromium_is_one_sentence() {
    let machine = Machine::new("run-env", 0, &["apt-get", "cargo", "tmux"]);
    let (code, stderr, log) = machine.run(&[], &[("VAGVAL_CHROMIUM", "/nonexistent/chrome")]);
    assert_eq!(code, 1, "{stderr}");
    let sentence = one_sentence(&stderr);
    assert!(sentence.contains("/nonexistent/chrome"), "{sentence}");
    assert_eq!(log, Vec::<String>::new());
}

#[test]
fn a_failing_apt_get_is_one_sentence() {
    let machine = Machine::new("run-apt-fails", 0, &["cargo"]);
    machine.script("apt-get", "exit 100");
    let (code, stderr, log) = machine.run(&[], &[]);
    assert_eq!(code, 1, "{stderr}");
    let sentence = one_sentence(&stderr);
    assert!(sentence.contains("apt-get could not install"), "{sentence}");
    assert_eq!(log, Vec::<String>::new());
}
