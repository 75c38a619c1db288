//! Helpers shared by the integration tests (a module, not a test target: tests/common/mod.rs).

use std::fs;
use std::path::Path;

/// Copy a directory tree (fixture projects into temporary directories).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
