fn main() {
    println!("cxlint");
}
