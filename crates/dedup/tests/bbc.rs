//! Quality bar on bbc-dups: precision and recall of {exact, near_duplicate} ≥ 0.98.

#[path = "../eval/bbc.rs"]
#[allow(dead_code)]
mod bbc;

use newsfold_dedup::DedupParams;

#[test]
fn bbc_dups_precision_and_recall() {
    let Some(dir) = newsfold_testdata::data_dir_or_skip("bbc-dups", "bbc_dups_precision_and_recall") else { return };
    let (l, report) = bbc::run(&dir, &DedupParams::default());
    for skip in [false, true] {
        let m = bbc::score(&l, &report, skip);
        let msg = m.lines.join("\n");
        assert!(m.precision >= 0.98, "precision {} (skip_borderline={skip})\n{msg}", m.precision);
        assert!(m.recall >= 0.98, "recall {} (skip_borderline={skip})\n{msg}", m.recall);
        assert!(m.tp > 60 && m.fp + m.fneg <= 2, "{msg}");
    }
}
