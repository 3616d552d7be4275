fn main() {
    pathdesk::start();
}
