//! Files that survive a crash whole: written beside, synced, renamed over the old one, and the
//! directory synced, so a reader finds the old content or the new, never a mix. Plus reading
//! back every partition file of a service.

use std::fs::{self, File};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use super::format::{self, Content, Header};
use super::{names, PartitionKey, StorageError};

/// The suffix of a file being written; one left behind by a crash is ignored and overwritten.
const TEMP_SUFFIX: &str = ".tmp";

/// Replaces the file at `path` with `contents` atomically and durably: once this returns, a
/// crash leaves `contents`; a crash before leaves the old file (or none).
pub(crate) fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), StorageError> {
    let dir = parent(path);
    ensure_dir(dir)?;
    let mut temp_name = path.file_name().unwrap_or_default().to_owned();
    temp_name.push(TEMP_SUFFIX);
    let temp = dir.join(temp_name);
    let mut file = File::create(&temp).map_err(|e| StorageError::io("create", &temp, e))?;
    file.write_all(contents)
        .and_then(|()| file.sync_all())
        .map_err(|e| StorageError::io("write", &temp, e))?;
    drop(file);
    fs::rename(&temp, path).map_err(|e| StorageError::io("rename", &temp, e))?;
    sync_dir(dir)
}

/// Removes the file at `path` durably; a file already gone is fine.
pub(crate) fn remove_durably(path: &Path) -> Result<(), StorageError> {
    match fs::remove_file(path) {
        Ok(()) => sync_dir(parent(path)),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(()),
        Err(error) => Err(StorageError::io("remove", path, error)),
    }
}

/// Creates `dir` and any missing parents, syncing each parent so the new entries survive a
/// crash too.
pub(crate) fn ensure_dir(dir: &Path) -> Result<(), StorageError> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let up = parent(dir);
    ensure_dir(up)?;
    match fs::create_dir(dir) {
        Ok(()) => sync_dir(up),
        Err(error) if error.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(StorageError::io("create the directory", dir, error)),
    }
}

/// Makes the entries of `dir` (a rename, a new or removed file) durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), StorageError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|handle| handle.sync_all())
            .map_err(|e| StorageError::io("sync the directory", dir, e))
    }
    #[cfg(not(unix))]
    {
        // Other systems cannot open a directory to sync it; renames are durable on NTFS.
        let _ = dir;
        Ok(())
    }
}

fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or_else(|| Path::new("."))
}

/// One partition file as read back.
#[derive(Debug)]
pub(crate) struct PartitionFile {
    /// Where it is.
    pub path: PathBuf,
    /// The partition it holds.
    pub key: PartitionKey,
    /// The last log record its state includes.
    pub seq: u64,
    /// The partition's state.
    pub state: Vec<u8>,
}

/// The file of partition `key`, its header, then `state`.
pub(crate) fn partition_contents(
    service: &str,
    key: &PartitionKey,
    seq: u64,
    state: &[u8],
) -> Vec<u8> {
    let mut header = Header::new(Content::Partition, Some(service));
    header.partition = Some(key.clone());
    header.seq = seq;
    let mut contents = header.encode();
    contents.extend_from_slice(state);
    contents
}

/// Every partition file below `dir`, the directory of `service`, in path order. Files being
/// written when the process stopped (`*.tmp`) and the log are not partition files.
pub(crate) fn read_partitions(
    dir: &Path,
    service: &str,
) -> Result<Vec<PartitionFile>, StorageError> {
    let mut paths = Vec::new();
    collect_json_files(dir, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = fs::read(&path).map_err(|e| StorageError::io("read", &path, e))?;
            let (header, state) = format::decode(&path, &bytes, Content::Partition, Some(service))?;
            let key = header.partition.unwrap_or_default();
            let expected = names::partition_file(dir, &key);
            if expected != path {
                return Err(StorageError::corrupt(
                    &path,
                    format!(
                        "it holds partition {key}, whose file is {}",
                        expected.display()
                    ),
                ));
            }
            Ok(PartitionFile {
                key,
                seq: header.seq,
                state: state.to_vec(),
                path,
            })
        })
        .collect()
}

fn collect_json_files(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), StorageError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(StorageError::io("list", dir, error)),
    };
    for entry in entries {
        let path = entry.map_err(|e| StorageError::io("list", dir, e))?.path();
        if path.is_dir() {
            collect_json_files(&path, found)?;
        } else if path.extension().is_some_and(|ext| ext == "json") {
            found.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/state.json");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["state.json"]);
        remove_durably(&path).unwrap();
        remove_durably(&path).unwrap();
        assert!(!path.exists());
    }

    #[test]
    fn partition_files_are_read_back_and_leftovers_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let key = PartitionKey::new(["111122223333", "us-east-1"]);
        let path = names::partition_file(dir.path(), &key);
        write_atomically(&path, &partition_contents("backup", &key, 3, b"{}")).unwrap();
        fs::write(path.with_extension("json.tmp"), b"half a wri").unwrap();
        let read = read_partitions(dir.path(), "backup").unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!((&read[0].key, read[0].seq), (&key, 3));
        assert_eq!(read[0].state, b"{}");
    }

    #[test]
    fn a_file_under_another_partition_s_name_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let key = PartitionKey::new(["111122223333", "us-east-1"]);
        let wrong = dir.path().join("111122223333/eu-west-1.json");
        write_atomically(&wrong, &partition_contents("backup", &key, 0, b"{}")).unwrap();
        let error = read_partitions(dir.path(), "backup").unwrap_err();
        assert!(error.to_string().contains("eu-west-1.json"), "{error}");
    }
}
