//! The awsQuery protocol layer with AWS STS's vendored model: `Action`/`Version`, form bodies
//! and query strings with awsQuery flattening (`Tags.member.1.Key`), the validator and the XML
//! writer. See `request.rs` for the input format and what is checked.

#![no_main]

mod request;

use std::sync::OnceLock;

use emulator_core::protocol::Codec;
use emulator_core::Protocol;
use libfuzzer_sys::fuzz_target;

const MODEL: &str = include_str!("../../../services/sts/model/sts-2011-06-15.service.json");

fuzz_target!(|data: &[u8]| {
    static CODEC: OnceLock<Codec> = OnceLock::new();
    let codec = CODEC.get_or_init(|| request::codec(MODEL, Protocol::AwsQuery));
    request::exercise(codec, data);
});
