//! What the app's integration tests share: the bundled data files, the plan,
//! directory and app data validated from them, and a deterministic
//! random-number generator.
//!
//! Each test file includes this module (`mod common;`) and is its own crate,
//! so each uses only part of it; hence the `dead_code` allowance.
#![allow(dead_code)]

use plan_core::data_source::{interpret_responses, AppData, FileResponse};
use plan_core::feedback::uuid_v4_from_bytes;
use plan_core::model::{PartnerDirectory, Plan};
use plan_core::validate::{parse_partners, parse_plan, Problem};
use std::sync::OnceLock;

/// Where the bundled plan lives, for tests that hand the file itself to a tool.
pub const PLAN_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data/plan.json");
/// The bundled `public/data/plan.json`, as text.
pub const PLAN_JSON: &str = include_str!("../../../../public/data/plan.json");
/// The bundled `public/config.json`, as text.
pub const CONFIG_JSON: &str = include_str!("../../../../public/config.json");
/// The bundled `public/data/partners.json`, as text.
pub const PARTNERS_JSON: &str = include_str!("../../../../public/data/partners.json");

/// The bundled plan, parsed once; a problem in it fails the test with the full list.
pub fn bundled_plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        parse_plan("plan.json", PLAN_JSON)
            .unwrap_or_else(|problems| invalid("plan.json", &problems))
    })
}

/// The bundled partner directory, validated against the bundled plan once.
pub fn bundled_directory() -> &'static PartnerDirectory {
    static DIRECTORY: OnceLock<PartnerDirectory> = OnceLock::new();
    DIRECTORY.get_or_init(|| {
        parse_partners("partners.json", PARTNERS_JSON, bundled_plan())
            .unwrap_or_else(|problems| invalid("partners.json", &problems))
    })
}

/// The bundled plan and directory as the app loads them, with their catalog, once.
pub fn bundled_data() -> &'static AppData {
    static DATA: OnceLock<AppData> = OnceLock::new();
    DATA.get_or_init(|| {
        let ok = |body: &str| FileResponse {
            status: 200,
            body: body.into(),
        };
        interpret_responses(ok(PLAN_JSON), ok(PARTNERS_JSON))
            .unwrap_or_else(|error| panic!("the bundled data does not load: {error:?}"))
    })
}

fn invalid(file: &str, problems: &[Problem]) -> ! {
    panic!(
        "bundled {file} is invalid:\n{}",
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    )
}

/// xorshift64*: deterministic randomness for simulations, no extra dependency.
/// The seed must not be 0.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes());
        uuid_v4_from_bytes(bytes)
    }
}

/// Problems one a line, for assertion messages.
pub fn listing(problems: &[plan_core::validate::Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
