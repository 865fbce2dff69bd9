//! Every output type's generated `WriteJson` writes what serde_json writes, so the gateway may
//! write typed outputs straight to the body.

use emulator_core::model::{samples, Model};

use super::generated::output_written_both_ways;

#[test]
fn every_output_is_written_as_serde_json_writes_it() {
    let model = Model::parse(crate::MODEL_JSON).unwrap();
    let mut rng = fastrand::Rng::with_seed(2018);
    let mut checked = 0;
    samples::each_output(&model, 40, &mut |n| rng.u64(..n), |operation, sample| {
        let (ours, serde) = output_written_both_ways(operation, sample.clone())
            .unwrap_or_else(|err| panic!("{operation}: {err} for {sample}"));
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&serde),
            "{operation}"
        );
        checked += 1;
    });
    let with_output = model.operations.iter().filter(|op| op.output.is_some());
    assert_eq!(checked, with_output.count() * 40);
}
