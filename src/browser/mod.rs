//! The browser edges, in one place: the address and history, localStorage and
//! fetch. Everything else in the app is views over `plan_core`.

pub mod fetch;
pub mod history;
pub mod storage;
