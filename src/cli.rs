//! The command line: `serve`, `validate`, `export`, `audit` and `generate`.
//!
//! Each subcommand is a small function returning an exit code; printing goes
//! to stdout for results and stderr for problems, so the output can be piped.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::export::ExportFormat;
use crate::graph::Graph;
use crate::model::{EntityType, Status};

/// claimgraph: a knowledge graph of claims, each citing the words of its source.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the graph over HTTP (the default when no command is given).
    Serve {
        /// The graph-data folder.
        #[arg(long, default_value = "graph-data")]
        data: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
    },
    /// Check a graph-data folder and print its counts; exit 1 listing every problem.
    Validate {
        /// The graph-data folder.
        #[arg(default_value = "graph-data")]
        dir: PathBuf,
    },
    /// Write the whole graph to stdout, or to --out.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// The graph-data folder.
        #[arg(long, default_value = "graph-data")]
        data: PathBuf,
        /// A file to write instead of stdout; for neo4j, the folder to write
        /// the CSV files and import.sh into (required).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the OpenAPI document of the HTTP API (as committed in api-docs/).
    Openapi,
    /// Write a synthetic graph-data folder: a given number of entities and
    /// claims, or a named size.
    Generate {
        /// How many entities.
        #[arg(long, requires = "claims", conflicts_with = "size")]
        entities: Option<usize>,
        /// How many claims.
        #[arg(long, requires = "entities", conflicts_with = "size")]
        claims: Option<usize>,
        /// A named size: tiny (200/1k), small (10k/100k), medium (100k/1M), large (1M/10M).
        #[arg(long, value_enum, required_unless_present = "entities")]
        size: Option<crate::generate::Size>,
        /// The same seed gives the same folder.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to write; created if missing, its files overwritten.
        #[arg(long)]
        out: PathBuf,
    },
    /// List name-like spans of the sources that match no entity, and entities no claim mentions.
    Audit {
        /// The graph-data folder.
        #[arg(default_value = "graph-data")]
        dir: PathBuf,
    },
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command.unwrap_or(Command::Serve {
        data: PathBuf::from("graph-data"),
        addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
    }) {
        Command::Serve { data, addr } => serve(&data, addr),
        Command::Validate { dir } => validate(&dir),
        Command::Export { format, data, out } => export(&data, format, out.as_deref()),
        Command::Audit { dir } => audit(&dir),
        Command::Generate {
            entities,
            claims,
            size,
            seed,
            out,
        } => generate(entities, claims, size, seed, &out),
        Command::Openapi => {
            print!("{}", crate::api::openapi::document());
            ExitCode::SUCCESS
        }
    }
}

/// Loads the graph, printing every problem to stderr when it cannot.
fn load_or_report(dir: &Path) -> Option<Graph> {
    match Graph::load(dir) {
        Ok(graph) => Some(graph),
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            None
        }
    }
}

fn serve(dir: &Path, addr: SocketAddr) -> ExitCode {
    crate::api::init_tracing();
    let Some(graph) = load_or_report(dir) else {
        return ExitCode::FAILURE;
    };
    tracing::info!(
        entities = graph.entities().len(),
        claims = graph.claim_count(),
        version = graph.version(),
        data = %dir.display(),
        "graph loaded"
    );
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let admin_token = std::env::var("CLAIMGRAPH_ADMIN_TOKEN")
        .ok()
        .filter(|t| !t.is_empty());
    if admin_token.is_some() {
        tracing::info!("admin routes enabled (CLAIMGRAPH_ADMIN_TOKEN is set)");
    }
    let served = crate::api::serve(graph, dir.to_path_buf(), addr, admin_token);
    match runtime.block_on(served) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server error on {addr}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn validate(dir: &Path) -> ExitCode {
    if std::env::var_os("RUST_LOG").is_some() {
        crate::api::init_tracing();
    }
    let Some(graph) = load_or_report(dir) else {
        return ExitCode::FAILURE;
    };
    print!("{}", summary(&graph));
    // The process ends here, and the system takes its memory back at once;
    // freed piece by piece, the millions of allocations of a library's
    // graph would only delay the exit.
    std::mem::forget(graph);
    ExitCode::SUCCESS
}

/// Counts by type, predicate and status, as `validate` prints them.
pub fn summary(graph: &Graph) -> String {
    let mut out = format!(
        "ok: {} sources, {} entities, {} predicates, {} claims (version {})\n",
        graph.sources().len(),
        graph.entities().len(),
        graph.predicates().len(),
        graph.claim_count(),
        graph.version()
    );
    let section = |title: &str, counts: BTreeMap<&str, usize>| {
        let mut s = format!("{title}:\n");
        for (k, n) in counts {
            s.push_str(&format!("  {k:<24} {n}\n"));
        }
        s
    };
    // Counted by position in arrays, then named: a map look-up a claim was
    // a quarter of a second at ten million claims.
    let mut types = [0; EntityType::ALL.len()];
    for ix in graph.entity_ixs() {
        let kind = graph.entity_kind(ix);
        types[EntityType::ALL.iter().position(|&t| t == kind).unwrap_or(0)] += 1;
    }
    let mut predicates = vec![0; graph.predicates().len()];
    let mut statuses = [0; Status::ALL.len()];
    for ix in graph.claim_ixs() {
        predicates[usize::from(graph.predicate_position(ix))] += 1;
        let status = graph.status(ix);
        statuses[Status::ALL.iter().position(|&s| s == status).unwrap_or(0)] += 1;
    }
    let named = |names: Vec<&'static str>, counts: &[usize]| -> BTreeMap<&str, usize> {
        names
            .into_iter()
            .zip(counts.iter().copied())
            .filter(|&(_, n)| n > 0)
            .collect()
    };
    let by_type = named(EntityType::ALL.iter().map(|t| t.as_str()).collect(), &types);
    let by_status = named(Status::ALL.iter().map(|s| s.as_str()).collect(), &statuses);
    let by_predicate: BTreeMap<&str, usize> = graph
        .predicates()
        .iter()
        .zip(&predicates)
        .filter(|&(_, &n)| n > 0)
        .map(|(p, &n)| (p.id.as_str(), n))
        .collect();
    out.push_str(&section("entities by type", by_type));
    out.push_str(&section("claims by status", by_status));
    out.push_str(&section("claims by predicate", by_predicate));
    out
}

fn export(dir: &Path, format: ExportFormat, out: Option<&Path>) -> ExitCode {
    if format == ExportFormat::Neo4j && out.is_none() {
        eprintln!("the neo4j export is a folder of CSV files: give --out DIR");
        return ExitCode::from(2);
    }
    let Some(graph) = load_or_report(dir) else {
        return ExitCode::FAILURE;
    };
    let written = match (format, out) {
        (ExportFormat::Neo4j, Some(folder)) => {
            let whole = crate::export::Subgraph::whole(&graph, &crate::model::Status::ALL);
            crate::export::write_neo4j(&whole, folder).map(|files| {
                eprintln!(
                    "wrote {} into {}; import with: sh {}",
                    files.join(", "),
                    folder.display(),
                    folder.join("import.sh").display()
                );
            })
        }
        (_, Some(file)) => std::fs::File::create(file).and_then(|f| {
            let mut f = std::io::BufWriter::new(f);
            crate::export::write(&graph, format, &mut f).and_then(|_| f.flush())
        }),
        (_, None) => {
            // Stdout writes a line at a time by itself: a syscall a line.
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            crate::export::write(&graph, format, &mut stdout).and_then(|_| stdout.flush())
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let to = out.map_or("stdout".to_string(), |p| p.display().to_string());
            eprintln!("cannot write the export to {to}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn audit(dir: &Path) -> ExitCode {
    let Some(graph) = load_or_report(dir) else {
        return ExitCode::FAILURE;
    };
    print!("{}", crate::audit::report(&graph));
    ExitCode::SUCCESS
}

fn generate(
    entities: Option<usize>,
    claims: Option<usize>,
    size: Option<crate::generate::Size>,
    seed: u64,
    out: &Path,
) -> ExitCode {
    let params = match (size, entities, claims) {
        (Some(size), _, _) => size.params(seed),
        (None, Some(entities), Some(claims)) => crate::generate::Params {
            entities,
            claims,
            seed,
        },
        _ => {
            eprintln!("give --size, or both --entities and --claims");
            return ExitCode::from(2);
        }
    };
    match crate::generate::generate(&params, out) {
        Ok(summary) => {
            println!("wrote {summary} to {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
