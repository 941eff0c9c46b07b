//! The `claimgraph` binary: parse the command line and hand over to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    claimgraph::cli::run(claimgraph::cli::Cli::parse())
}
