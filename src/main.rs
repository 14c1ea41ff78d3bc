//! `rackledger` — the command line. Everything it does is in the library's `cli` module.

fn main() {
    std::process::exit(rackledger::cli::main_with_args(std::env::args_os()));
}
