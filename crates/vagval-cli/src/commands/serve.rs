//! `vagval serve`: the live workshop (crate vagval-serve); `--purge`
//! deletes a session's personal data.

use crate::commands::Command;
use crate::{Cli, Failure, workspace_root};
use std::io::Write;
use std::path::Path;
use vagval_report::Lang;
use vagval_workspace::{Diagnostic, Workspace};

pub(crate) fn run(
    cli: &Cli,
    cwd: &Path,
    lang: Lang,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    let Command::Serve {
        port,
        lan,
        members,
        member_max_cr,
        alternatives,
        purge,
    } = &cli.command
    else {
        return Ok(());
    };
    let root = workspace_root(cli, cwd)?;
    if *purge {
        let said = match vagval_serve::purge(&root)? {
            Some(dir) => match lang {
                Lang::Sv => format!("tog bort {} (deltagarnas länkar och svar)", dir.display()),
                Lang::En => format!(
                    "deleted {} (the participants' links and answers)",
                    dir.display()
                ),
            },
            None => lang
                .pick(
                    "there is no session to delete",
                    "det finns ingen session att ta bort",
                )
                .to_string(),
        };
        return writeln!(stdout, "{said}").map_err(Failure::Output);
    }
    if let Some(cr) = member_max_cr
        && !(cr.is_finite() && *cr > 0.0)
    {
        return Err(Failure::Usage(Diagnostic::new(
            format!("--member-max-cr must be a positive number, got {cr}"),
            format!("--member-max-cr måste vara ett positivt tal, men är {cr}"),
        )));
    }
    if let Some(ip) = lan
        && (ip.is_unspecified() || ip.is_loopback())
    {
        return Err(Failure::Usage(
            Diagnostic::new(
                format!("--lan {ip}: give this computer's own address on the room's network; the phones' links carry it"),
                format!("--lan {ip}: ange datorns egen adress i rummets nätverk; deltagarnas länkar innehåller den"),
            )
            .hint(
                "for example --lan 192.168.1.10 (`ip -4 addr`, `ipconfig`)",
                "till exempel --lan 192.168.1.10 (`ip -4 addr`, `ipconfig`)",
            ),
        ));
    }
    let members = members
        .iter()
        .map(|m| parse_members(m))
        .collect::<Result<Vec<_>, _>>()?;
    let workspace = Workspace::load(&root)?;
    let settings = cli.settings(&workspace.defaults);
    drop(workspace);
    let options = vagval_serve::ServeOptions {
        root,
        lang,
        settings,
        port: *port,
        lan: *lan,
        members,
        member_max_cr: *member_max_cr,
        alternatives: *alternatives,
    };
    vagval_serve::serve(options, stdout)?;
    Ok(())
}

/// `N` (every group) or `GROUP=N`, N from 1 to 200.
fn parse_members(text: &str) -> Result<(Option<String>, usize), Failure> {
    let (group, count) = match text.split_once('=') {
        Some((group, count)) => (Some(group.trim().to_string()), count),
        None => (None, text),
    };
    match count.trim().parse::<usize>() {
        Ok(n) if (1..=200).contains(&n) => Ok((group, n)),
        _ => Err(Failure::Usage(
            Diagnostic::new(
                format!("--members {text}: expected N or GROUP=N with N from 1 to 200"),
                format!("--members {text}: väntade N eller GRUPP=N med N från 1 till 200"),
            )
            .hint(
                "for example --members 4 or --members s=6",
                "till exempel --members 4 eller --members s=6",
            ),
        )),
    }
}
