//! The newsfold HTTP API and web UI.
