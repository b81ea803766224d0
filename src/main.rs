//! Entry point of the visitors' bundle: the app without the staff view, which is a bundle of
//! its own (`src/bin/staff.rs`, issue #10).

fn main() {
    plan_explorer::start();
}
