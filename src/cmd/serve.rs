//! `dossiersco serve`.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("« dossiersco serve » n'est pas encore disponible")
}
