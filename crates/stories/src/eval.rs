//! Clustering quality metrics: pairwise precision/recall/F1 over same-story
//! pairs and the adjusted Rand index (Hubert & Arabie), both computed from the
//! contingency table of predicted cluster × gold story.
//!
//! Hand-written: a dozen lines over a contingency table; pulling in a metrics
//! crate for this would be more code to audit than to write.

use std::collections::HashMap;

/// Pairwise and chance-corrected agreement between two labelings.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PairMetrics {
    /// Same-cluster pairs that are same-story pairs / predicted same-cluster pairs (0 if none).
    pub precision: f64,
    /// Same-cluster pairs that are same-story pairs / gold same-story pairs.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Adjusted Rand index.
    pub ari: f64,
    /// Number of predicted clusters.
    pub predicted_clusters: usize,
    /// Number of gold clusters.
    pub gold_clusters: usize,
}

fn pairs(n: u64) -> f64 {
    (n as f64) * (n.saturating_sub(1) as f64) / 2.0
}

/// Compare `predicted[i]` with `gold[i]` (labels of item `i`). Extra items in
/// the longer slice are ignored.
pub fn pair_metrics<A: std::hash::Hash + Eq, B: std::hash::Hash + Eq>(predicted: &[A], gold: &[B]) -> PairMetrics {
    let n = predicted.len().min(gold.len());
    let mut cells: HashMap<(&A, &B), u64> = HashMap::new();
    let mut rows: HashMap<&A, u64> = HashMap::new();
    let mut cols: HashMap<&B, u64> = HashMap::new();
    for (p, g) in predicted.iter().zip(gold.iter()).take(n) {
        *cells.entry((p, g)).or_insert(0) += 1;
        *rows.entry(p).or_insert(0) += 1;
        *cols.entry(g).or_insert(0) += 1;
    }
    let both: f64 = cells.values().map(|&c| pairs(c)).sum();
    let pred: f64 = rows.values().map(|&c| pairs(c)).sum();
    let gold_p: f64 = cols.values().map(|&c| pairs(c)).sum();
    let precision = if pred > 0.0 { both / pred } else { 0.0 };
    let recall = if gold_p > 0.0 { both / gold_p } else { 0.0 };
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    let total = pairs(n as u64);
    let expected = if total > 0.0 { pred * gold_p / total } else { 0.0 };
    let max = (pred + gold_p) / 2.0;
    let ari = if (max - expected).abs() > f64::EPSILON { (both - expected) / (max - expected) } else { 1.0 };
    PairMetrics { precision, recall, f1, ari, predicted_clusters: rows.len(), gold_clusters: cols.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_split() {
        let g = ["a", "a", "b", "b"];
        let m = pair_metrics(&[1, 1, 2, 2], &g);
        assert!((m.f1 - 1.0).abs() < 1e-12 && (m.ari - 1.0).abs() < 1e-12);
        let m = pair_metrics(&[1, 2, 3, 4], &g);
        assert_eq!(m.precision, 0.0);
        assert_eq!(m.recall, 0.0);
        let m = pair_metrics(&[1, 1, 1, 1], &g);
        assert!((m.precision - 2.0 / 6.0).abs() < 1e-12);
        assert_eq!(m.recall, 1.0);
        assert!(m.ari.abs() < 1e-12);
    }

    #[test]
    fn ari_matches_known_value() {
        // sklearn.metrics.adjusted_rand_score([0,0,1,1,2,2],[0,0,1,2,2,2]) = 0.4444...
        let m = pair_metrics(&[0, 0, 1, 1, 2, 2], &[0, 0, 1, 2, 2, 2]);
        assert!((m.ari - 4.0 / 9.0).abs() < 1e-9, "{}", m.ari);
    }
}
