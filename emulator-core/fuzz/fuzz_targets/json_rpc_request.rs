//! The json 1.1 protocol layer with AWS OpsWorks CM's vendored model: `X-Amz-Target` routing,
//! the JSON body decoder and the validator. See `request.rs` for the input format and what is
//! checked.

#![no_main]

mod request;

use std::sync::OnceLock;

use emulator_core::protocol::Codec;
use emulator_core::Protocol;
use libfuzzer_sys::fuzz_target;

const MODEL: &str =
    include_str!("../../../services/opsworkscm/model/opsworkscm-2016-11-01.service.json");

fuzz_target!(|data: &[u8]| {
    static CODEC: OnceLock<Codec> = OnceLock::new();
    let codec = CODEC.get_or_init(|| request::codec(MODEL, Protocol::Json { version: "1.1" }));
    request::exercise(codec, data);
});
