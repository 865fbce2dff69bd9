//! The configuration management engines a server can run, and what each accepts.

use emulator_core::ServiceError;

use crate::support::errors;

/// The engine of a server (the API's `Engine` string).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// OpsWorks for Chef Automate.
    ChefAutomate,
    /// OpsWorks for Puppet Enterprise.
    Puppet,
}

impl Engine {
    /// The engine named `name` (`ChefAutomate` or `Puppet`).
    pub fn parse(name: &str) -> Result<Self, ServiceError> {
        match name {
            "ChefAutomate" => Ok(Self::ChefAutomate),
            "Puppet" => Ok(Self::Puppet),
            other => Err(errors::validation(format!(
                "Engine '{other}' is not valid. Valid engines are ChefAutomate and Puppet."
            ))),
        }
    }

    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ChefAutomate => "ChefAutomate",
            Self::Puppet => "Puppet",
        }
    }

    /// The only engine model of this engine (`Single` for Chef, `Monolithic` for Puppet).
    pub fn model(self) -> &'static str {
        match self {
            Self::ChefAutomate => "Single",
            Self::Puppet => "Monolithic",
        }
    }

    /// Valid engine versions, the default first.
    pub fn versions(self) -> &'static [&'static str] {
        match self {
            Self::ChefAutomate => &["2"],
            Self::Puppet => &["2019", "2017"],
        }
    }

    /// The model and version a CreateServer request asks for, defaulted and checked.
    pub fn model_and_version(
        self,
        model: Option<&str>,
        version: Option<&str>,
    ) -> Result<(&'static str, &'static str), ServiceError> {
        if let Some(model) = model.filter(|model| *model != self.model()) {
            return Err(errors::validation(format!(
                "EngineModel '{model}' is not valid for engine {}. Valid value: {}.",
                self.as_str(),
                self.model()
            )));
        }
        let versions = self.versions();
        let version = match version {
            None => versions[0],
            Some(asked) => versions
                .iter()
                .copied()
                .find(|known| *known == asked)
                .ok_or_else(|| {
                    errors::validation(format!(
                        "EngineVersion '{asked}' is not valid for engine {}. Valid values: {}.",
                        self.as_str(),
                        versions.join(", ")
                    ))
                })?,
        };
        Ok((self.model(), version))
    }

    /// Engine attributes a CreateServer request may carry.
    pub fn create_attributes(self) -> &'static [&'static str] {
        match self {
            Self::ChefAutomate => &["CHEF_AUTOMATE_PIVOTAL_KEY", "CHEF_AUTOMATE_ADMIN_PASSWORD"],
            Self::Puppet => &[
                "PUPPET_ADMIN_PASSWORD",
                "PUPPET_R10K_REMOTE",
                "PUPPET_R10K_PRIVATE_KEY",
            ],
        }
    }

    /// The attribute UpdateServerEngineAttributes resets on this engine.
    pub fn updatable_attribute(self) -> &'static str {
        match self {
            Self::ChefAutomate => "CHEF_PIVOTAL_KEY",
            Self::Puppet => "PUPPET_ADMIN_PASSWORD",
        }
    }

    /// Engine attributes a StartMaintenance request may carry.
    pub fn maintenance_attributes(self) -> &'static [&'static str] {
        match self {
            Self::ChefAutomate => &["CHEF_MAJOR_UPGRADE"],
            Self::Puppet => &[],
        }
    }

    /// Engine attributes AssociateNode requires.
    pub fn association_attributes(self) -> &'static [&'static str] {
        match self {
            Self::ChefAutomate => &["CHEF_ORGANIZATION", "CHEF_NODE_PUBLIC_KEY"],
            Self::Puppet => &["PUPPET_NODE_CSR"],
        }
    }

    /// Engine attributes DisassociateNode requires.
    pub fn disassociation_attributes(self) -> &'static [&'static str] {
        match self {
            Self::ChefAutomate => &["CHEF_ORGANIZATION"],
            Self::Puppet => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_checks_model_and_version() {
        let chef = Engine::parse("ChefAutomate").unwrap();
        assert_eq!(chef.model_and_version(None, None).unwrap(), ("Single", "2"));
        assert!(chef.model_and_version(Some("Monolithic"), None).is_err());
        assert!(chef.model_and_version(None, Some("12")).is_err());
        let puppet = Engine::parse("Puppet").unwrap();
        assert_eq!(
            puppet
                .model_and_version(Some("Monolithic"), Some("2017"))
                .unwrap(),
            ("Monolithic", "2017")
        );
        assert_eq!(puppet.model_and_version(None, None).unwrap().1, "2019");
        assert!(Engine::parse("Chef").is_err());
    }
}
