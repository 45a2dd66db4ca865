//! Export for a real cluster: the three files and a README of the commands that run them on kind or minikube
//! (`static/export/README.md`), in one zip.
//!
//! The zip is written here rather than by the zip crate, which added about 31,000 bytes gzip to the page for four
//! small files (measured: 794,263 bytes of wasm with it, 763,216 without). What is written is the simplest form the
//! format has (PKWARE's APPNOTE.TXT: entries stored, not compressed, no extra fields), and the tests read it back
//! with the zip crate, which checks every header and CRC.

use std::collections::BTreeMap;

use crate::session::FILES;

/// The name the download gets.
pub const FILE_NAME: &str = "kplay-export.zip";
/// The folder the zip unpacks into.
const FOLDER: &str = "kplay-export";
const README: &str = include_str!("../../static/export/README.md");

/// The zip of `files` (the editors' text; a missing one is left out) and the README.
pub fn zip(files: &BTreeMap<String, String>) -> Vec<u8> {
    let entries = FILES
        .iter()
        .filter_map(|name| Some((*name, files.get(*name)?.as_str())))
        .chain([("README.md", README)]);
    let mut out = Vec::new();
    let mut directory = Vec::new();
    let mut count: u16 = 0;
    for (name, text) in entries {
        let path = format!("{FOLDER}/{name}");
        let offset = out.len();
        let header = Header::of(&path, text.as_bytes());
        // Local file header, then the data.
        out.extend(0x0403_4b50u32.to_le_bytes());
        header.write(&mut out);
        out.extend(path.as_bytes());
        out.extend(text.as_bytes());
        // Its central directory entry: made by Unix (for the permissions), the same fields, where it starts.
        directory.extend(0x0201_4b50u32.to_le_bytes());
        directory.extend(0x031eu16.to_le_bytes());
        header.write(&mut directory);
        directory.extend([0u8; 6]); // comment length, disk number, internal attributes
        directory.extend((0o100_644u32 << 16).to_le_bytes()); // a regular file, rw-r--r--
        directory.extend(u32::try_from(offset).unwrap_or(u32::MAX).to_le_bytes());
        directory.extend(path.as_bytes());
        count += 1;
    }
    let (start, size) = (out.len(), directory.len());
    out.extend(directory);
    // End of central directory.
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]); // this disk, the directory's disk
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(u32::try_from(size).unwrap_or(u32::MAX).to_le_bytes());
    out.extend(u32::try_from(start).unwrap_or(u32::MAX).to_le_bytes());
    out.extend(0u16.to_le_bytes()); // no comment
    out
}

/// The fields a local header and a directory entry share, from "version needed" to "extra field length".
struct Header {
    crc: u32,
    size: u32,
    name_len: u16,
}

impl Header {
    fn of(path: &str, data: &[u8]) -> Header {
        Header {
            crc: crc32(data),
            size: u32::try_from(data.len()).unwrap_or(u32::MAX),
            name_len: u16::try_from(path.len()).unwrap_or(u16::MAX),
        }
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend(10u16.to_le_bytes()); // version needed: 1.0, stored entries
        out.extend(0x0800u16.to_le_bytes()); // flags: names are UTF-8
        out.extend(0u16.to_le_bytes()); // stored
        out.extend(0u16.to_le_bytes()); // time 00:00
        out.extend(0x0021u16.to_le_bytes()); // date 1980-01-01, the format's first day
        out.extend(self.crc.to_le_bytes());
        out.extend(self.size.to_le_bytes()); // compressed size
        out.extend(self.size.to_le_bytes());
        out.extend(self.name_len.to_le_bytes());
        out.extend(0u16.to_le_bytes()); // no extra field
    }
}

/// CRC-32 (IEEE 802.3, reflected), bit by bit: a few kilobytes, once per export.
fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &byte| {
        (0..8).fold(crc ^ u32::from(byte), |c, _| {
            (c >> 1) ^ (0xEDB8_8320 & (c & 1).wrapping_neg())
        })
    })
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn crc32_gives_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn the_zip_holds_the_three_files_and_a_readme_with_the_commands() {
        let files: BTreeMap<String, String> = crate::shell::SEED_FILES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let bytes = zip(&files);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut names: Vec<_> = archive.file_names().map(str::to_string).collect();
        crate::engine::order::sort(&mut names);
        assert_eq!(
            names,
            [
                "kplay-export/README.md",
                "kplay-export/deployment.yaml",
                "kplay-export/ingress.yaml",
                "kplay-export/service.yaml"
            ]
        );
        let mut text = String::new();
        let mut entry = archive
            .by_name("kplay-export/service.yaml")
            .expect("service.yaml");
        entry
            .read_to_string(&mut text)
            .expect("utf-8 and a matching CRC");
        assert_eq!(text, files["service.yaml"]);
        assert_eq!(entry.unix_mode(), Some(0o100_644));
        drop(entry);
        let mut readme = String::new();
        let mut entry = archive.by_name("kplay-export/README.md").expect("README");
        entry.read_to_string(&mut readme).expect("utf-8");
        for command in [
            "kind create cluster",
            "minikube start",
            "examples/k8s/traefik-rbac.yaml",
            "examples/k8s/traefik-ds.yaml",
            "kubectl apply -f deployment.yaml -f service.yaml -f ingress.yaml",
        ] {
            assert!(readme.contains(command), "{command}");
        }
    }
}
