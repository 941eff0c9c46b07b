//! The `claimgraph` binary: parse the command line and hand over to the library.

use std::process::ExitCode;

use clap::Parser;

claimgraph::use_jemalloc!();

fn main() -> ExitCode {
    claimgraph::cli::run(claimgraph::cli::Cli::parse())
}
