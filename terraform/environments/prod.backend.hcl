# terraform init -backend-config=environments/prod.backend.hcl
# The bucket is created once, by hand or by a bootstrap stack, with versioning and encryption on.
bucket       = "REPLACE_ME-conveyor-terraform-state"
key          = "conveyor/prod/terraform.tfstate"
region       = "eu-west-1"
encrypt      = true
use_lockfile = true
