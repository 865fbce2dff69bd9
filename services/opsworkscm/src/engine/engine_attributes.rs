//! Engine attributes: checks of the names and values callers give, the credentials CreateServer
//! generates, and the node user data ExportServerEngineAttribute returns (the operations are in
//! `ops/engine_attributes.rs`).

use emulator_core::ServiceError;

use crate::api::generated::EngineAttribute;
use crate::engine::starter_kit::{starter_kit, KitContents};
use crate::model::engine::Engine;
use crate::support::{errors, secrets};

/// An engine attribute with a value.
pub fn attribute(name: &str, value: impl Into<String>) -> EngineAttribute {
    EngineAttribute {
        name: Some(name.to_owned()),
        value: Some(value.into()),
    }
}

/// The value of the last attribute called `name`, if any.
pub fn value_of<'a>(attributes: &'a [EngineAttribute], name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .rev()
        .find(|attribute| attribute.name.as_deref() == Some(name))
        .map(|attribute| attribute.value.as_deref().unwrap_or_default())
}

/// `Err(ValidationException)` unless every attribute has a name from `allowed`.
pub fn check_names(
    attributes: &[EngineAttribute],
    allowed: &[&str],
    operation: &str,
) -> Result<(), ServiceError> {
    for attribute in attributes {
        let Some(name) = attribute.name.as_deref() else {
            return Err(errors::validation(format!(
                "Every engine attribute of {operation} needs a Name."
            )));
        };
        if !allowed.contains(&name) {
            let valid = if allowed.is_empty() {
                "none".to_owned()
            } else {
                allowed.join(", ")
            };
            return Err(errors::validation(format!(
                "Engine attribute '{name}' is not valid for {operation}. Valid attributes: {valid}."
            )));
        }
    }
    Ok(())
}

/// Chef Automate's admin password rule: 8 to 32 letters, digits and `!/@#$%^&+=_`, with at
/// least one lower-case letter, upper-case letter, digit and special character.
pub fn check_chef_password(password: &str) -> Result<(), ServiceError> {
    let special = |c: char| secrets::PASSWORD_SPECIALS.contains(c);
    let valid = (8..=32).contains(&password.chars().count())
        && password
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || special(c))
        && password.chars().any(|c| c.is_ascii_lowercase())
        && password.chars().any(|c| c.is_ascii_uppercase())
        && password.chars().any(|c| c.is_ascii_digit())
        && password.chars().any(special);
    if valid {
        Ok(())
    } else {
        Err(errors::validation(format!(
            "CHEF_AUTOMATE_ADMIN_PASSWORD must be 8 to 32 characters of letters, numbers and \
             {}, with at least one lower-case letter, one upper-case letter, one number and \
             one special character.",
            secrets::PASSWORD_SPECIALS
        )))
    }
}

/// Puppet Enterprise's admin password rule: 8 to 32 ASCII characters.
pub fn check_puppet_password(password: &str) -> Result<(), ServiceError> {
    if (8..=32).contains(&password.len()) && password.chars().all(|c| c.is_ascii_graphic()) {
        Ok(())
    } else {
        Err(errors::validation(
            "PUPPET_ADMIN_PASSWORD must be 8 to 32 printable ASCII characters.",
        ))
    }
}

/// What CreateServer's engine attributes come to.
pub struct NewServerAttributes {
    /// Credentials the CreateServer response returns once (generated keys and passwords, the
    /// starter kit).
    pub returned: Vec<EngineAttribute>,
    /// Attributes every DescribeServers shows.
    pub described: Vec<EngineAttribute>,
}

/// Checks CreateServer's engine attributes and generates what the response returns: a pivotal
/// key and admin password unless given, and the starter kit.
pub fn new_server(
    engine: Engine,
    requested: &[EngineAttribute],
    server_name: &str,
    endpoint: &str,
) -> Result<NewServerAttributes, ServiceError> {
    check_names(requested, engine.create_attributes(), "CreateServer")?;
    let mut returned = Vec::new();
    let mut described = Vec::new();
    match engine {
        Engine::ChefAutomate => {
            let password = value_of(requested, "CHEF_AUTOMATE_ADMIN_PASSWORD");
            if let Some(password) = password {
                check_chef_password(password)?;
            }
            let generated_key = value_of(requested, "CHEF_AUTOMATE_PIVOTAL_KEY")
                .is_none()
                .then(|| secrets::pem("RSA PRIVATE KEY", 1190));
            let kit_key = generated_key.clone().unwrap_or_else(|| {
                "Use the private key that matches the CHEF_AUTOMATE_PIVOTAL_KEY you supplied.\n"
                    .to_owned()
            });
            if let Some(key) = generated_key {
                returned.push(attribute("CHEF_AUTOMATE_PIVOTAL_KEY", key));
            }
            if password.is_none() {
                returned.push(attribute(
                    "CHEF_AUTOMATE_ADMIN_PASSWORD",
                    secrets::admin_password(),
                ));
            }
            returned.push(attribute(
                "CHEF_STARTER_KIT",
                starter_kit(
                    engine,
                    &KitContents {
                        server_name,
                        endpoint,
                        private_key: &kit_key,
                    },
                ),
            ));
        }
        Engine::Puppet => {
            let password = value_of(requested, "PUPPET_ADMIN_PASSWORD");
            if let Some(password) = password {
                check_puppet_password(password)?;
            } else {
                returned.push(attribute(
                    "PUPPET_ADMIN_PASSWORD",
                    secrets::admin_password(),
                ));
            }
            returned.push(attribute(
                "PUPPET_STARTER_KIT",
                starter_kit(
                    engine,
                    &KitContents {
                        server_name,
                        endpoint,
                        private_key: &secrets::pem("RSA PRIVATE KEY", 1190),
                    },
                ),
            ));
            described.push(attribute(
                "PUPPET_API_CA_CERT",
                secrets::pem("CERTIFICATE", 880),
            ));
            described.push(attribute("PUPPET_API_CRL", secrets::pem("X509 CRL", 420)));
        }
    }
    Ok(NewServerAttributes {
        returned,
        described,
    })
}

/// Input attributes the `Userdata` export understands.
pub const USERDATA_ATTRIBUTES: &[&str] = &[
    "RunList",
    "OrganizationName",
    "NodeEnvironment",
    "NodeClientVersion",
];

/// The user data script that associates a new EC2 instance with the server.
pub fn userdata(
    engine: Engine,
    server_name: &str,
    endpoint: &str,
    region: &str,
    inputs: &[EngineAttribute],
) -> String {
    let input = |name: &str, default: &str| value_of(inputs, name).unwrap_or(default).to_owned();
    match engine {
        Engine::ChefAutomate => format!(
            r#"#!/bin/bash
# Associates this EC2 instance with the OpsWorks for Chef Automate server {server_name}.
set -e -o pipefail
CHEF_SERVER_NAME="{server_name}"
CHEF_SERVER_ENDPOINT="{endpoint}"
REGION="{region}"
RUN_LIST="{run_list}"
CHEF_ORGANIZATION="{organization}"
NODE_ENVIRONMENT="{environment}"
CHEF_CLIENT_VERSION="{client_version}"
NODE_NAME="$(curl --silent --show-error --retry 3 http://169.254.169.254/latest/meta-data/instance-id)"

mkdir -p /etc/chef
openssl genrsa -out /etc/chef/client.pem 2048
openssl rsa -in /etc/chef/client.pem -pubout -out /etc/chef/client.pub
curl -L https://omnitruck.chef.io/install.sh | bash -s -- ${{CHEF_CLIENT_VERSION:+-v "$CHEF_CLIENT_VERSION"}}

aws opsworks-cm associate-node --region "$REGION" --server-name "$CHEF_SERVER_NAME" \
  --node-name "$NODE_NAME" \
  --engine-attributes "Name=CHEF_ORGANIZATION,Value=$CHEF_ORGANIZATION" \
  "Name=CHEF_NODE_PUBLIC_KEY,Value=$(cat /etc/chef/client.pub)"

cat > /etc/chef/client.rb <<EOF
chef_server_url "https://$CHEF_SERVER_ENDPOINT/organizations/$CHEF_ORGANIZATION"
node_name "$NODE_NAME"
client_key "/etc/chef/client.pem"
EOF
chef-client -r "$RUN_LIST" ${{NODE_ENVIRONMENT:+-E "$NODE_ENVIRONMENT"}}
"#,
            run_list = input("RunList", ""),
            organization = input("OrganizationName", "default"),
            environment = input("NodeEnvironment", ""),
            client_version = input("NodeClientVersion", ""),
        ),
        Engine::Puppet => format!(
            r#"#!/bin/bash
# Associates this EC2 instance with the OpsWorks for Puppet Enterprise server {server_name}.
set -e -o pipefail
PUPPET_SERVER_NAME="{server_name}"
PUPPET_SERVER_ENDPOINT="{endpoint}"
REGION="{region}"
NODE_NAME="$(curl --silent --show-error --retry 3 http://169.254.169.254/latest/meta-data/instance-id)"

curl --insecure "https://$PUPPET_SERVER_ENDPOINT:8140/packages/current/install.bash" | bash -s -- \
  "agent:certname=$NODE_NAME"
puppet agent --waitforcert 0 || true
aws opsworks-cm associate-node --region "$REGION" --server-name "$PUPPET_SERVER_NAME" \
  --node-name "$NODE_NAME" \
  --engine-attributes "Name=PUPPET_NODE_CSR,Value=$(cat "/etc/puppetlabs/puppet/ssl/certificate_requests/$NODE_NAME.pem")"
puppet agent --test || true
"#
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chef_passwords_follow_the_documented_rule() {
        assert!(
            check_chef_password("Sup3r-Secret!").is_err(),
            "'-' is not allowed"
        );
        assert!(check_chef_password("Sup3r_Secret!").is_ok());
        assert!(check_chef_password("Sh0rt!").is_err());
        assert!(check_chef_password("alllower1!").is_err());
        assert!(check_chef_password("NoDigits!!").is_err());
        assert!(check_chef_password("NoSpecial12").is_err());
        assert!(check_chef_password(&format!("Aa1!{}", "x".repeat(29))).is_err());
    }

    #[test]
    fn chef_servers_get_generated_credentials_and_a_kit() {
        let NewServerAttributes {
            returned,
            described,
        } = new_server(
            Engine::ChefAutomate,
            &[],
            "chef",
            "chef-x.us-east-1.opsworks-cm.io",
        )
        .unwrap();
        let names: Vec<&str> = returned.iter().filter_map(|a| a.name.as_deref()).collect();
        assert_eq!(
            names,
            [
                "CHEF_AUTOMATE_PIVOTAL_KEY",
                "CHEF_AUTOMATE_ADMIN_PASSWORD",
                "CHEF_STARTER_KIT"
            ]
        );
        assert!(described.is_empty());
        let given = [attribute("CHEF_AUTOMATE_ADMIN_PASSWORD", "Sup3r_Secret!")];
        let with_password = new_server(Engine::ChefAutomate, &given, "chef", "e").unwrap();
        assert!(value_of(&with_password.returned, "CHEF_AUTOMATE_ADMIN_PASSWORD").is_none());
        let puppet_only = [attribute("PUPPET_ADMIN_PASSWORD", "whatever1")];
        assert!(new_server(Engine::ChefAutomate, &puppet_only, "chef", "e").is_err());
    }

    #[test]
    fn userdata_carries_the_inputs() {
        let script = userdata(
            Engine::ChefAutomate,
            "chef",
            "chef-x.example",
            "us-east-1",
            &[attribute("RunList", "role[web]")],
        );
        assert!(script.starts_with("#!/bin/bash"));
        assert!(script.contains("RUN_LIST=\"role[web]\""));
        assert!(script.contains("CHEF_ORGANIZATION=\"default\""));
        assert!(script.contains("aws opsworks-cm associate-node"));
    }
}
