//! `vagval survey --group ID`: a group enters its judgments in the terminal.

use crate::{Cli, Failure, survey, workspace_root};
use std::io::{self, Read, Write};
use std::path::Path;
use vagval_core::model::Model;
use vagval_workspace::Workspace;

pub(crate) fn run(
    cli: &Cli,
    cwd: &Path,
    options: &survey::SurveyOptions,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<(), Failure> {
    // A group id that cannot be a file stem is a mistake of the command
    // line (exit 2), found before the workspace is read.
    survey::check_group_id(&options.group).map_err(Failure::Usage)?;
    let root = workspace_root(cli, cwd)?;
    let workspace = Workspace::load(&root)?;
    let model = Model::new(workspace.spec.clone()).map_err(|e| workspace.diagnose(&e))?;
    let settings = cli.settings(&workspace.defaults);
    let mut input = io::BufReader::new(stdin);
    // The survey says what it wrote, in its language.
    survey::run(&root, &model, &settings, options, &mut input, stdout)?;
    Ok(())
}
