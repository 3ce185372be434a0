fn main() {
    std::process::exit(cxlint::cli::main());
}
