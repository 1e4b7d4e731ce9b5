//! A query whose scores are scaled by a constant, as tantivy's `BoostQuery` does, but whose
//! best pages are still found by block-max WAND: tantivy's boost weight leaves
//! `for_each_pruning` to the default, which scores every page of the query, so a search for one
//! common word (the exact tier is that word's term, boosted) read all its postings.

use std::fmt;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, TERMINATED};

/// `query` with every score multiplied by `boost`.
pub(crate) struct Boosted {
    query: Box<dyn Query>,
    boost: Score,
}

impl Boosted {
    pub(crate) fn new(query: Box<dyn Query>, boost: Score) -> Boosted {
        Boosted { query, boost }
    }
}

impl Clone for Boosted {
    fn clone(&self) -> Self {
        Boosted {
            query: self.query.box_clone(),
            boost: self.boost,
        }
    }
}

impl fmt::Debug for Boosted {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Boosted(query={:?}, boost={})", self.query, self.boost)
    }
}

impl Query for Boosted {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weight = self.query.weight(enable_scoring)?;
        Ok(if enable_scoring.is_scoring_enabled() {
            Box::new(BoostedWeight {
                weight,
                boost: self.boost,
            })
        } else {
            weight
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor)
    }
}

struct BoostedWeight {
    weight: Box<dyn Weight>,
    boost: Score,
}

impl Weight for BoostedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.weight.scorer(reader, boost * self.boost)
    }

    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        self.weight
            .scorer_danger(reader, target, boost * self.boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.weight.explain(reader, doc)?;
        let mut explanation = Explanation::new_with_string(
            format!("Boost x{}", self.boost),
            inner.value() * self.boost,
        );
        explanation.add_detail(inner);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.weight.count(reader)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.weight.for_each_no_score(reader, callback)
    }

    /// The weight inside finds its pages above the threshold scaled down (a single term by
    /// block-max WAND); their scores are scaled up again on the way out. Scaling by a positive
    /// factor keeps the order, so the same pages pass; the threshold handed in is one step
    /// lower than the quotient, so that rounding never drops a page that reaches it (the
    /// callback decides on the scaled score). Any other boost scores every page, as tantivy's
    /// own boost does.
    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let boost = self.boost;
        if !(boost.is_finite() && boost > 0.0) {
            let mut scorer = self.scorer(reader, 1.0)?;
            let mut threshold = threshold;
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                let score = scorer.score();
                if score > threshold {
                    threshold = callback(doc, score);
                }
                doc = scorer.advance();
            }
            return Ok(());
        }
        let lower = |threshold: Score| (threshold / boost).next_down();
        self.weight
            .for_each_pruning(lower(threshold), reader, &mut |doc, score| {
                lower(callback(doc, score * boost))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::Boosted;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BoostQuery, Query, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter, Term};

    /// The best pages of a boosted word, and their scores, are those of tantivy's own boost,
    /// over enough pages of different lengths that block-max WAND skips blocks, for a boost
    /// of a power of two, others, and one that is not positive.
    #[test]
    fn a_boosted_word_finds_the_same_best_pages_with_the_same_scores_as_tantivys_boost() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(20_000_000).expect("writer");
        for n in 0..5_000u32 {
            // The word "akte" from once to many times in pages of many lengths.
            let mut body = "akte ".repeat((n % 7 + 1) as usize);
            body.push_str(&"wort ".repeat((n * 37 % 101) as usize));
            writer.add_document(doc!(text => body)).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let word = || -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(text, "akte"),
                IndexRecordOption::WithFreqs,
            ))
        };
        let top = TopDocs::with_limit(20).order_by_score();
        let plain = searcher.search(&word(), &top).expect("plain");
        for boost in [4.0, 6.0, 0.3, 0.0] {
            let ours = searcher
                .search(&Boosted::new(word(), boost), &top)
                .expect("ours");
            let theirs = searcher
                .search(&BoostQuery::new(word(), boost), &top)
                .expect("theirs");
            assert_eq!(ours.len(), 20, "boost {boost}");
            assert!(
                (ours[0].0 - boost * plain[0].0).abs() < 1e-4,
                "scaled by {boost}"
            );
            for ((a, da), (b, db)) in ours.iter().zip(&theirs) {
                assert!((a - b).abs() < 1e-4, "boost {boost}: {a} against {b}");
                // Equal scores may come in either order; the pages' scores must be the same.
                if da != db {
                    assert!(
                        theirs.iter().any(|(s, d)| d == da && (s - a).abs() < 1e-4),
                        "boost {boost}: {da:?} is not among tantivy's best"
                    );
                }
            }
        }
    }
}
