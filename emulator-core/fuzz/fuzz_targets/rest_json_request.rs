//! The rest-json protocol layer with AWS Backup's vendored model: URI template matching and
//! binding (labels, greedy labels, query and header members), the JSON body decoder and the
//! validator. See `request.rs` for the input format and what is checked.

#![no_main]

mod request;

use std::sync::OnceLock;

use emulator_core::protocol::Codec;
use emulator_core::Protocol;
use libfuzzer_sys::fuzz_target;

const MODEL: &str = include_str!("../../../services/backup/model/backup-2018-11-15.service.json");

fuzz_target!(|data: &[u8]| {
    static CODEC: OnceLock<Codec> = OnceLock::new();
    let codec = CODEC.get_or_init(|| request::codec(MODEL, Protocol::RestJson));
    request::exercise(codec, data);
});
