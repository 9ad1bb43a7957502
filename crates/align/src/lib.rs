//! Word-level passage alignment, rewrite detection and provenance for newsfold.
