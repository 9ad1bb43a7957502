//! One module per subcommand.

pub mod analysis;
pub mod diff;
pub mod extract;
pub mod ingest;
pub mod ls;
pub mod run;
pub mod serve;
pub mod show;

use std::path::PathBuf;
use std::process::ExitCode;

/// Global options every command sees.
pub struct Ctx {
    pub db: PathBuf,
    pub quiet: bool,
}

/// How a command ended (mapped to the process exit code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything read was processed.
    Ok,
    /// Some records were rejected; the good ones were processed.
    SomeRejected,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        match s {
            Status::Ok => ExitCode::SUCCESS,
            Status::SomeRejected => ExitCode::from(1),
        }
    }
}

impl Ctx {
    pub fn open_store(&self) -> anyhow::Result<newsfold_store::Store> {
        Ok(newsfold_store::Store::open(&self.db)?)
    }

    /// Open the store for reading; a missing file is an error (not silently created).
    pub fn open_existing_store(&self) -> anyhow::Result<newsfold_store::Store> {
        if !self.db.exists() {
            anyhow::bail!(
                "database {} does not exist (run `newsfold ingest INPUT...` first, or pass --db PATH)",
                self.db.display()
            );
        }
        self.open_store()
    }
}
