//! How a request's settings are resolved, the same in every front end: the
//! request's own choices (the CLI's flags, the web workshop's form) over the
//! workspace's `[defaults]` over the built-in defaults; and the range of a
//! Monte Carlo run's samples.

use crate::diagnostic::Diagnostic;
use crate::failure::Failure;
use crate::load::Defaults;
use vagval_core::completion::CompletionMethod;
use vagval_core::consistency::RandomIndex;
use vagval_core::priority::PriorityMethod;
use vagval_core::quantity::RangePoint;
use vagval_core::settings::{Settings, SynthesisMode};

/// The settings a request chooses itself (`--method`, `--ri`, `--mode`,
/// `--completion`, `--at`); `None` where it leaves the choice to the
/// workspace.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    pub method: Option<PriorityMethod>,
    pub ri: Option<RandomIndex>,
    pub mode: Option<SynthesisMode>,
    pub completion: Option<CompletionMethod>,
    pub range_point: Option<RangePoint>,
}

impl Overrides {
    /// The request's choices over the workspace's `defaults` over the
    /// built-in defaults.
    pub fn resolve(&self, defaults: &Defaults) -> Settings {
        let builtin = Settings::default();
        Settings {
            method: self.method.or(defaults.method).unwrap_or(builtin.method),
            ri: self.ri.or(defaults.ri).unwrap_or(builtin.ri),
            mode: self.mode.or(defaults.mode).unwrap_or(builtin.mode),
            completion: self
                .completion
                .or(defaults.completion)
                .unwrap_or(builtin.completion),
            range_point: self
                .range_point
                .or(defaults.range_point)
                .unwrap_or(builtin.range_point),
        }
    }
}

/// The most Monte Carlo samples a run takes (10^9). A million samples
/// already pin every acceptability index to about ±0.001 (one standard
/// error of a share is at most 0.5/√n); 10^9 takes minutes on a laptop
/// (hours with scripted data drawn per sample), and beyond it a mistyped
/// count would run for days.
pub const MAX_SAMPLES: u64 = 1_000_000_000;

/// A Monte Carlo run's `samples`, from 1 to `MAX_SAMPLES`, else a wrong
/// request (`Failure::Usage`; the CLI's exit 2), checked before anything
/// is computed.
pub fn check_samples(samples: u64) -> Result<(), Failure> {
    if (1..=MAX_SAMPLES).contains(&samples) {
        return Ok(());
    }
    Err(Failure::Usage(
        Diagnostic::new(
            format!("--samples {samples}: the number of samples must be from 1 to {MAX_SAMPLES}"),
            format!("--samples {samples}: antalet dragningar ska vara från 1 till {MAX_SAMPLES}"),
        )
        .hint(
            "10000 is a good start; 1000000 gives every index to about ±0.001",
            "10000 är en bra början; 1000000 ger varje index på ungefär ±0,001 när",
        ),
    ))
}

#[cfg(test)]
mod tests {
    // ok: test code (unwrap and panic below)
    use super::*;
    use vagval_report::Lang;

    #[test]
    fn a_request_overrides_the_workspace_which_overrides_the_builtin() {
        let builtin = Settings::default();
        let defaults = Defaults {
            method: Some(PriorityMethod::Geometric),
            ri: Some(RandomIndex::AlonsoLamata),
            ..Defaults::default()
        };
        let request = Overrides {
            method: Some(PriorityMethod::Additive),
            mode: Some(SynthesisMode::Ideal),
            ..Overrides::default()
        };
        let settings = request.resolve(&defaults);
        assert_eq!(settings.method, PriorityMethod::Additive, "the request's");
        assert_eq!(settings.ri, RandomIndex::AlonsoLamata, "the workspace's");
        assert_eq!(settings.mode, SynthesisMode::Ideal, "the request's");
        assert_eq!(settings.completion, builtin.completion, "the built-in");
        assert_eq!(settings.range_point, builtin.range_point, "the built-in");
        let silent = Overrides::default().resolve(&defaults);
        assert_eq!(silent.method, PriorityMethod::Geometric);
        let none = Overrides::default().resolve(&Defaults::default());
        assert_eq!(none.method, builtin.method);
        assert_eq!(none.ri, builtin.ri);
    }

    #[test]
    fn samples_run_from_one_to_the_maximum() {
        assert!(check_samples(1).is_ok());
        assert!(check_samples(MAX_SAMPLES).is_ok());
        for samples in [0, MAX_SAMPLES + 1] {
            let Err(Failure::Usage(d)) = check_samples(samples) else {
                panic!("{samples} samples were accepted");
            };
            assert!(
                d.render_in(Lang::En).contains(&format!(
                    "--samples {samples}: the number of samples must be from 1 to 1000000000"
                )),
                "{}",
                d.render_in(Lang::En)
            );
            assert!(
                d.render_in(Lang::Sv)
                    .contains("antalet dragningar ska vara från 1 till")
            );
        }
    }
}
