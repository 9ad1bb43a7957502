//! Shared server state: a small pool of reader connections and one writer.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use newsfold_store::Store;

use crate::ServeOptions;
use crate::error::ApiError;

/// Number of reader connections (SQLite WAL allows concurrent readers).
const READERS: usize = 4;

/// Everything a request handler needs. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    readers: Vec<Mutex<Store>>,
    next: AtomicUsize,
    writer: Mutex<Store>,
    token: Option<String>,
    public: bool,
    max_body_bytes: usize,
    request_timeout: Duration,
}

impl AppState {
    /// Open the database named in `opts` (one writer, a few readers, all on
    /// the same file) and take the access settings from it.
    pub fn open(opts: &ServeOptions) -> anyhow::Result<AppState> {
        // The writer opens first so that migrations run once, before readers.
        let writer = Store::open(&opts.db)?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            readers.push(Mutex::new(Store::open(&opts.db)?));
        }
        Ok(AppState {
            inner: Arc::new(Inner {
                readers,
                next: AtomicUsize::new(0),
                writer: Mutex::new(writer),
                token: opts.token.clone().filter(|t| !t.is_empty()),
                public: opts.public,
                max_body_bytes: opts.max_body_bytes,
                request_timeout: opts.request_timeout,
            }),
        })
    }

    /// The configured token, if any.
    pub(crate) fn token(&self) -> Option<&str> {
        self.inner.token.as_deref()
    }

    /// Whether reads need no token.
    pub(crate) fn public(&self) -> bool {
        self.inner.public
    }

    pub(crate) fn max_body_bytes(&self) -> usize {
        self.inner.max_body_bytes
    }

    pub(crate) fn request_timeout(&self) -> Duration {
        self.inner.request_timeout
    }

    /// Run `f` on a reader connection on the blocking pool.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let n = inner.readers.len().max(1);
            let start = inner.next.fetch_add(1, Ordering::Relaxed);
            // Take the first free connection, else wait on the round-robin one.
            for k in 0..n {
                if let Some(m) = inner.readers.get((start + k) % n) {
                    match m.try_lock() {
                        Ok(store) => return f(&store),
                        Err(std::sync::TryLockError::Poisoned(e)) => return f(&e.into_inner()),
                        Err(std::sync::TryLockError::WouldBlock) => {}
                    }
                }
            }
            let m = inner.readers.get(start % n).ok_or_else(|| ApiError::internal("no reader connection"))?;
            // A panic in an earlier request leaves the connection usable.
            let store = m.lock().unwrap_or_else(|e| e.into_inner());
            f(&store)
        })
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
    }

    /// Run `f` on the writer connection on the blocking pool.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = inner.writer.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut store)
        })
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
    }
}
