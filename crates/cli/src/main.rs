fn main() {
    println!("newsfold");
}
