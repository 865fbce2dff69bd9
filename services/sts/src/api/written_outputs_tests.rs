//! Every output type's generated `WriteJson` writes what serde_json writes (the awsQuery
//! protocol writes XML from the serde form; this keeps the two forms of each type in step).

use emulator_core::model::samples;

use super::generated::output_written_both_ways;

#[test]
fn every_output_is_written_as_serde_json_writes_it() {
    let mut rng = fastrand::Rng::with_seed(2011);
    samples::assert_outputs_written_as_serde(
        crate::MODEL_JSON,
        40,
        &mut |n| rng.u64(..n),
        output_written_both_ways,
    );
}
