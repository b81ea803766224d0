//! The bundled `public/data/plan.json` against the region's source page.

mod common;

use common::bundled_plan;
use plan_core::model::{IsoDate, Lang, Plan};

/// A text of the entry `id` as the source page has it: the data's text with the plan's
/// recorded corrections taken back. The data differs from the source by these alone.
fn as_in_source(plan: &Plan, id: &str, text: &str) -> String {
    plan.corrections()
        .iter()
        .filter(|correction| correction.entry == id)
        .fold(text.to_string(), |text, correction| {
            text.replace(&correction.shown, &correction.source)
        })
}

/// The 12 activities word for word as the source page has them, typos included: the data
/// puts them right and lists each in `corrections`.
const SOURCE_ACTIVITIES: [(&str, &str); 12] = [
    ("fa-1", "Öka kunskapen om civilsamhällets och den sociala ekonomins egenvärde"),
    ("fa-1", "Arbeta för att det ska finnas tillgång till statistik"),
    ("fa-1", "Arbeta för att testa och använda metoder löpande för att värdera samhällsnytta"),
    ("fa-2", "Utveckla de offentliga föreningsstöden, finansieringsformer och andra stödfunktioner"),
    ("fa-2", "Arbeta för att stärka och utveckla sociala företag"),
    ("fa-2", "Öka kunskapen om upphandling och annan samverkan"),
    ("fa-2", "Öka upphandlingen av produkter, tjänster och service från civilsamhället och den sociala ekonomin"),
    ("fa-3", "Öka erfarenhetsutbytet inom civilsamhälle och social ekonomi"),
    ("fa-3", "Öka erfarenhetsbytet mellan offentliga aktörer"),
    ("fa-3", "Arbeta för att stärka sektorsövergripande nätverk och mötesplatser"),
    ("fa-4", "Arbeta för att utveckla det internationella deltagandet från Örebro län"),
    ("fa-4", "Öka erfarenhetsutbytet i länet av vvårt deltagande i internationella sammanhang"),
];

#[test]
fn bundled_plan_has_all_twelve_activities_word_for_word_in_order() {
    let plan = bundled_plan();
    let actual: Vec<(&str, String)> = plan
        .activities()
        .iter()
        .map(|a| {
            (
                plan.focus_area(a.focus_area).id.as_str(),
                as_in_source(plan, a.id.as_str(), &a.text.sv),
            )
        })
        .collect();
    let expected: Vec<(&str, String)> = SOURCE_ACTIVITIES
        .iter()
        .map(|&(area, text)| (area, text.to_string()))
        .collect();
    assert_eq!(actual, expected);
}

#[test]
fn bundled_plan_has_four_numbered_focus_areas_with_source_titles() {
    let plan = bundled_plan();
    let numbers: Vec<u32> = plan.focus_areas().iter().map(|a| a.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert!(plan.focus_areas()[0]
        .title
        .sv
        .starts_with("Öka förståelsen för civilsamhällets"));
    // The source has a double space here; the data normalises it.
    let fourth = &plan.focus_areas()[3];
    assert_eq!(
        as_in_source(plan, fourth.id.as_str(), &fourth.title.sv),
        "Bidra till ett stärkt erfarenhetsutbyte genom att öka den internationell samverkan kring civilsamhälle och social ekonomi i Örebro län"
    );
    for (ix, area) in plan.indexed_focus_areas() {
        assert!(
            plan.activities_in(ix).count() >= 2,
            "{} has activities",
            area.id
        );
    }
}

#[test]
fn bundled_plan_carries_dates_contacts_and_partnership() {
    let plan = bundled_plan();
    assert_eq!(
        plan.decided_on(),
        IsoDate {
            year: 2021,
            month: 12,
            day: 7
        }
    );
    assert_eq!(
        plan.updated_on(),
        IsoDate {
            year: 2022,
            month: 11,
            day: 29
        }
    );
    let contacts: Vec<(&str, &str)> = plan
        .contacts()
        .iter()
        .map(|c| (c.name.as_str(), c.role.sv.as_str()))
        .collect();
    assert_eq!(
        contacts,
        [
            ("Anders Bro", "Utvecklingsledare: Social ekonomi"),
            ("Mona Hedfeldt", "Utvecklingsledare: Civilsamhälle")
        ]
    );
    assert!(plan.partnership().paragraphs[0]
        .sv
        .contains("cirka 40 organisationer"));
    assert!(plan.process()[1].sv.contains("7 december 2021"));
}

#[test]
fn every_text_in_the_bundled_plan_is_translated_to_english_and_german() {
    let plan = bundled_plan();
    let mut texts = vec![
        plan.title(),
        plan.owner(),
        plan.goal(),
        &plan.partnership().name,
    ];
    texts.extend(plan.process());
    texts.extend(&plan.partnership().paragraphs);
    texts.extend(plan.focus_areas().iter().map(|a| &a.title));
    texts.extend(plan.activities().iter().map(|a| &a.text));
    texts.extend(plan.tags().iter().map(|t| &t.label));
    texts.extend(plan.contacts().iter().map(|c| &c.role));
    for text in texts {
        for lang in [Lang::En, Lang::De] {
            assert_eq!(
                text.resolve(lang).1,
                lang,
                "{:?} lacks a {lang:?} translation",
                text.sv
            );
        }
    }
}

/// Where the region's source page is present beside the checkout (as on the
/// developers' machines and in CI), every Swedish text must appear in it.
#[test]
fn swedish_texts_appear_in_the_source_page_when_it_is_available() {
    let Ok(source) = std::fs::read_to_string("../shared/content/source-page.txt") else {
        eprintln!("../shared/content/source-page.txt not found; comparison against the source page skipped");
        return;
    };
    let normalise = |text: &str| {
        text.replace("vvårt", "vårt")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let source = normalise(&source);
    let plan = bundled_plan();
    let mut texts: Vec<&str> = vec![&plan.goal().sv, &plan.title().sv];
    texts.extend(plan.process().iter().map(|t| t.sv.as_str()));
    texts.extend(plan.focus_areas().iter().map(|a| a.title.sv.as_str()));
    texts.extend(plan.activities().iter().map(|a| a.text.sv.as_str()));
    texts.extend(plan.partnership().paragraphs.iter().map(|t| t.sv.as_str()));
    texts.extend(plan.contacts().iter().map(|c| c.role.sv.as_str()));
    for text in texts {
        assert!(
            source.contains(&normalise(text)),
            "not in the source page: {text}"
        );
    }
}
