//! A progress bar on stderr for long analyses: shown only when stderr is a
//! terminal and the run has taken more than about a second, so that short
//! runs and pipes stay quiet. The analysis itself reports the samples done.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};
use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use vagval_workspace::diagnostic::Diagnostic;

/// Set by Ctrl-C while a long run is in progress: the run stops at its
/// next block (within a block per worker thread) and the command exits 130.
pub(crate) static CANCEL: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C handler once: it sets [`CANCEL`], and a second
/// Ctrl-C ends the process at once (exit 130), as a terminal user expects.
fn on_ctrl_c() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let _ = ctrlc::set_handler(|| {
            if CANCEL.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    });
}

/// How long a run goes before its bar appears.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// Runs `work` on a thread pool of `threads` workers (default: one per
/// core), giving it a callback for the number of samples done out of `total`.
pub fn run_with_progress<T: Send>(
    lang: vagval_report::Lang,
    total: u64,
    threads: Option<usize>,
    work: impl FnOnce(&(dyn Fn(u64) + Sync)) -> T + Send,
) -> Result<T, Diagnostic> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        if n == 0 {
            return Err(Diagnostic::new(
                "--threads 0 is not a number of workers",
                "--threads 0 är inget antal arbetstrådar",
            )
            .hint("give at least 1", "ange minst 1"));
        }
        builder = builder.num_threads(n);
    }
    let pool = builder.build().map_err(|e| {
        // `{e}` is the thread pool's error text, not ours: the same in both languages.
        Diagnostic::new(
            format!("cannot start worker threads: {e}"),
            format!("kan inte starta arbetstrådar: {e}"),
        )
    })?;
    on_ctrl_c();
    let interactive = std::io::stderr().is_terminal();
    let started = Instant::now();
    let bar: OnceLock<ProgressBar> = OnceLock::new();
    let report = |done: u64| {
        if !interactive || started.elapsed() < QUIET_FOR {
            return;
        }
        let bar = bar.get_or_init(|| {
            let target = ProgressDrawTarget::term_like_with_hz(
                Box::new(RoomForCtrlC(console::Term::buffered_stderr())),
                20,
            );
            let bar = ProgressBar::with_draw_target(Some(total), target);
            let template = lang.pick(
                "{wide_bar} {pos}/{len} samples, {eta} left",
                "{wide_bar} {pos}/{len} dragningar, {eta} kvar",
            );
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done);
    };
    let result = pool.install(|| work(&report));
    if let Some(bar) = bar.get() {
        bar.finish_and_clear();
    }
    Ok(result)
}

/// SMAA-2 over `model` as `sampling` asks, with a progress bar on a
/// terminal.
pub(crate) fn monte_carlo(
    ctx: &crate::Context<'_>,
    model: &vagval_core::model::Model,
    sampling: &crate::MonteCarloArgs,
) -> Result<vagval_core::sensitivity::smaa::SmaaResult, crate::Failure> {
    let options = sampling.options();
    let result = run_with_progress(ctx.lang, sampling.samples, sampling.threads, |report| {
        ctx.monte_carlo_until(model, &options, report, &CANCEL)
    })??;
    Ok(result)
}

/// Stderr as the bar's terminal, said to be two columns narrower than it
/// is. indicatif pads the bar's line to the terminal's width, which leaves
/// the cursor at the edge; the terminal's echo of Ctrl-C ("^C") then
/// wrapped onto a line of its own, the bar was cleared from there, and its
/// last picture stayed above the message that the run was stopped. Two
/// columns short, the echo lands on the bar's line and is cleared with it.
#[derive(Debug)]
struct RoomForCtrlC(console::Term);

impl TermLike for RoomForCtrlC {
    fn width(&self) -> u16 {
        self.0.size().1.saturating_sub(2).max(1)
    }
    fn height(&self) -> u16 {
        self.0.size().0
    }
    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_up(n)
    }
    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_down(n)
    }
    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_right(n)
    }
    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_left(n)
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.0.write_line(s)
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.0.write_str(s)
    }
    fn clear_line(&self) -> std::io::Result<()> {
        self.0.clear_line()
    }
    fn flush(&self) -> std::io::Result<()> {
        self.0.flush()
    }
}
