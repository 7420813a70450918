//! The `vagval` binary: hands the process's arguments and streams to
//! `vagval_cli::run` and exits with its code.

fn main() {
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let lang = vagval_report::Lang::from_environment(|name| std::env::var(name).ok());
    let code = vagval_cli::run_with_default_lang(
        lang,
        std::env::args_os(),
        &cwd,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        // Not locked for the whole run: the progress bar of a long analysis
        // draws on stderr from worker threads, which a lock held here would
        // block for ever.
        &mut std::io::stderr(),
    );
    std::process::exit(code);
}
