//! Readers for plain text, JSONL, HTML, WARC and feeds, producing newsfold articles.
