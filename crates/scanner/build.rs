//! Links the system's libsane (Debian: libsane-dev).
fn main() {
    println!("cargo:rustc-link-lib=sane");
}
