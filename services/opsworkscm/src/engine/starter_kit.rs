//! Starter kits: the base64-encoded ZIP file CreateServer returns (`CHEF_STARTER_KIT`,
//! `PUPPET_STARTER_KIT`) with a README, the client configuration and the credentials. The
//! archive is real (stored entries, no compression), so users can unzip it as they would AWS's.

use crate::model::engine::Engine;

/// What goes into a kit.
pub struct KitContents<'a> {
    /// The server's name; the archive's top-level folder.
    pub server_name: &'a str,
    /// The server's DNS endpoint.
    pub endpoint: &'a str,
    /// The private key the kit's client configuration uses.
    pub private_key: &'a str,
}

/// The kit for a server of `engine`, base64-encoded.
pub fn starter_kit(engine: Engine, kit: &KitContents<'_>) -> String {
    let KitContents {
        server_name: name,
        endpoint,
        private_key,
    } = kit;
    let files: Vec<(String, String)> = match engine {
        Engine::ChefAutomate => vec![
            (
                format!("{name}/README.md"),
                format!(
                    "# Chef Automate starter kit for {name}\n\nUnzip this kit, change into its \
                     folder and run `knife ssl fetch`, then `knife client list` to reach \
                     https://{endpoint}/organizations/default.\n"
                ),
            ),
            (
                format!("{name}/.chef/config.rb"),
                format!(
                    "current_dir = File.dirname(__FILE__)\nnode_name 'pivotal'\nclient_key \
                     File.join(current_dir, 'private.pem')\nchef_server_url \
                     'https://{endpoint}/organizations/default'\n"
                ),
            ),
            (format!("{name}/.chef/private.pem"), private_key.to_string()),
        ],
        Engine::Puppet => vec![
            (
                format!("{name}/README.md"),
                format!(
                    "# Puppet Enterprise starter kit for {name}\n\nUnzip this kit, then run \
                     `puppet-access login --config-file .config/puppet-access.conf` against \
                     https://{endpoint}:4433.\n"
                ),
            ),
            (
                format!("{name}/.config/puppet-access.conf"),
                format!("{{\"service-url\": \"https://{endpoint}:4433/rbac-api\"}}\n"),
            ),
            (
                format!("{name}/.config/{name}-private.pem"),
                private_key.to_string(),
            ),
        ],
    };
    crate::support::secrets::base64(&zip(&files))
}

/// A ZIP archive of `files` (name, content), each stored without compression.
fn zip(files: &[(String, String)]) -> Vec<u8> {
    // 1980-01-01 00:00, the earliest date ZIP can hold; entries carry no meaningful time.
    const DOS_DATE: u16 = 0x21;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, content) in files {
        let offset = out.len() as u32;
        let (name, data) = (name.as_bytes(), content.as_bytes());
        let crc = crc32(data);
        let size = data.len() as u32;
        put32(&mut out, 0x0403_4b50);
        for field in [20, 0, 0, 0, DOS_DATE] {
            put16(&mut out, field);
        }
        for field in [crc, size, size] {
            put32(&mut out, field);
        }
        put16(&mut out, name.len() as u16);
        put16(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(data);

        put32(&mut central, 0x0201_4b50);
        for field in [20, 20, 0, 0, 0, DOS_DATE] {
            put16(&mut central, field);
        }
        for field in [crc, size, size] {
            put32(&mut central, field);
        }
        for field in [name.len() as u16, 0, 0, 0, 0] {
            put16(&mut central, field);
        }
        put32(&mut central, 0);
        put32(&mut central, offset);
        central.extend_from_slice(name);
    }
    let central_offset = out.len() as u32;
    let central_size = central.len() as u32;
    out.extend_from_slice(&central);
    put32(&mut out, 0x0605_4b50);
    for field in [0, 0, files.len() as u16, files.len() as u16] {
        put16(&mut out, field);
    }
    put32(&mut out, central_size);
    put32(&mut out, central_offset);
    put16(&mut out, 0);
    out
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

/// CRC-32 (IEEE 802.3), as ZIP requires.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn a_kit_is_a_zip_with_its_files_stored() {
        let kit = starter_kit(
            Engine::ChefAutomate,
            &KitContents {
                server_name: "chef-1",
                endpoint: "chef-1-abc.us-east-1.opsworks-cm.io",
                private_key: "KEY",
            },
        );
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(kit)
            .unwrap();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        let end = &bytes[bytes.len() - 22..];
        assert_eq!(&end[..4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 3);
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("chef-1/.chef/private.pem"));
        assert!(text.contains("https://chef-1-abc.us-east-1.opsworks-cm.io/organizations/default"));
    }
}
