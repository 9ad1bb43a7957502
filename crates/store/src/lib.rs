//! The embedded SQLite store of newsfold.
