//! The `vagval` binary: hands the process's arguments and streams to
//! `vagval_cli::run` and exits with its code.

fn main() {
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let code = vagval_cli::run(
        std::env::args_os(),
        &cwd,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
