//! How the binary is linked (bin/build.rs, docs/architecture.md "How the binary is linked").

/// On Linux with glibc the gateway is linked at a fixed address: an `ET_EXEC` ELF file, not the
/// `ET_DYN` of a position-independent executable, whose read-only pointers the loader would
/// rewrite into private memory at every start. `FLOCI_LINK_PIE=1` keeps the PIE link on purpose.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_gateway_is_linked_at_a_fixed_address() {
    use std::io::Read;

    if option_env!("FLOCI_LINK_PIE").is_some_and(|v| v == "1" || v == "true") {
        return;
    }
    let mut header = [0u8; 18];
    std::fs::File::open(env!("CARGO_BIN_EXE_floci-gateway"))
        .and_then(|mut file| file.read_exact(&mut header))
        .expect("read the binary's ELF header");
    assert_eq!(&header[..4], b"\x7fELF", "an ELF file");
    // e_type, a u16 at offset 16 in the file's byte order (EI_DATA: 2 big-endian): 2 ET_EXEC,
    // 3 ET_DYN.
    let bytes = [header[16], header[17]];
    let e_type = if header[5] == 2 {
        u16::from_be_bytes(bytes)
    } else {
        u16::from_le_bytes(bytes)
    };
    assert_eq!(
        e_type, 2,
        "linked at a fixed address (ET_EXEC), found e_type {e_type}"
    );
}
