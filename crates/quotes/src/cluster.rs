//! Quote clusters across articles (placeholder; filled below).
use serde::Serialize;
use crate::Quote;

/// Identifies the article a quote came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleRef { pub id: String, pub outlet: Option<String>, pub date: Option<String> }
/// One word-level difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mutation { pub op: String, pub from: String, pub to: String }
/// One occurrence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Occurrence { pub article: String }
/// A cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteCluster { pub id: String }
/// Cluster.
pub fn cluster_quotes(_items: &[(ArticleRef, Vec<Quote>)]) -> Vec<QuoteCluster> { Vec::new() }
