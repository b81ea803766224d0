//! The synthetic data generator the search tests and the benchmark run on.

use plan_core::search::Field;
use search_bench::synthetic_documents;

#[test]
fn synthetic_documents_are_deterministic_and_shaped_like_the_real_ones() {
    let docs = synthetic_documents(42, 100, 50);
    assert_eq!(docs.len(), 150);
    assert_eq!(docs, synthetic_documents(42, 100, 50));
    assert_ne!(docs, synthetic_documents(43, 100, 50));
    for (i, doc) in docs.iter().enumerate() {
        let tags = doc.fields.iter().filter(|(f, _)| *f == Field::Tags).count();
        let range = if i < 100 { 2..=4 } else { 1..=3 };
        assert!(range.contains(&tags), "doc {i}: {tags} tags");
        assert_eq!(doc.fields[0].0, Field::Title);
        assert_eq!(doc.fields.last().unwrap().0, Field::Description);
    }
}
