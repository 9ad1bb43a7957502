//! `newsfold serve`: the JSON API and web UI over the store.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Result;

use super::{Ctx, Status};

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token required by write endpoints (and by reads unless --public).
    #[arg(long, env = "NEWSFOLD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Serve the read endpoints (API and UI) without a token.
    #[arg(long)]
    pub public: bool,
    /// Largest accepted request body, in bytes.
    #[arg(long, default_value_t = newsfold_server::DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// Per-request time limit, in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            public: false,
            max_body_bytes: newsfold_server::DEFAULT_MAX_BODY_BYTES,
            timeout: 60,
        }
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<Status> {
    let mut opts = newsfold_server::ServeOptions::new(&ctx.db);
    opts.addr = args.addr;
    opts.token = args.token;
    opts.public = args.public;
    opts.max_body_bytes = args.max_body_bytes;
    opts.request_timeout = Duration::from_secs(args.timeout.max(1));
    if !ctx.quiet {
        let host = if args.addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { args.addr.ip().to_string() };
        eprintln!(
            "newsfold: serving {} on http://{}:{}/{} (Ctrl-C to stop)",
            ctx.db.display(),
            host,
            args.addr.port(),
            if opts.public { "" } else { "  [private: pass ?token=… once, or --public]" }
        );
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(newsfold_server::serve(opts))?;
    Ok(Status::Ok)
}
