//! Entry point of the staff bundle: the app with the staff view (`--features staff`), which
//! the start-up script loads for `?view=results` instead of the visitors' bundle (issue #10).

fn main() {
    plan_explorer::start();
}
