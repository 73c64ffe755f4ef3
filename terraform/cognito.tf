################################################################################
# OpenID Connect issuer of the APIs (docs/identity.md): a Cognito user pool, a resource server for the API
# and the dashboard's app client (public: authorization code + PKCE, no secret). Its outputs go to the
# APIs' OIDC_ISSUER and OIDC_AUDIENCE (chart values oidc.issuer/oidc.audience, deploy/overlays/prod).
#
# Cognito access tokens carry no `aud` claim, only `client_id`: the APIs' verifier checks `aud` against
# OIDC_AUDIENCE, so set OIDC_AUDIENCE to the app client id and check that tokens are accepted
# before relying on OIDC in production (deploy/README.md); API keys work either way.
# Roles: the Cognito groups below, in the `cognito:groups` claim (OIDC_ROLES_CLAIM), mapped by OIDC_ROLE_MAP.
################################################################################

resource "aws_cognito_user_pool" "conveyor" {
  name                     = "conveyor-${var.environment}"
  deletion_protection      = var.deletion_protection ? "ACTIVE" : "INACTIVE"
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  mfa_configuration        = "OPTIONAL"

  software_token_mfa_configuration {
    enabled = true
  }

  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  password_policy {
    minimum_length    = 14
    require_lowercase = true
    require_uppercase = true
    require_numbers   = true
    require_symbols   = false
  }
}

resource "aws_cognito_user_pool_domain" "conveyor" {
  domain       = "conveyor-${var.environment}-${data.aws_caller_identity.current.account_id}"
  user_pool_id = aws_cognito_user_pool.conveyor.id
}

resource "aws_cognito_resource_server" "api" {
  identifier   = "urn:conveyor:api"
  name         = "Conveyor API"
  user_pool_id = aws_cognito_user_pool.conveyor.id

  scope {
    scope_name        = "api"
    scope_description = "Call the Conveyor command and query APIs (what is allowed is decided by the roles)"
  }
}

resource "aws_cognito_user_pool_client" "dashboard" {
  name                                 = "conveyor-dashboard"
  user_pool_id                         = aws_cognito_user_pool.conveyor.id
  generate_secret                      = false
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "profile", "email", "${aws_cognito_resource_server.api.identifier}/api"]
  supported_identity_providers         = ["COGNITO"]
  callback_urls                        = ["${var.dashboard_origin}/auth/callback"]
  logout_urls                          = [var.dashboard_origin]
  explicit_auth_flows                  = ["ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors        = "ENABLED"
  enable_token_revocation              = true
  access_token_validity                = 15
  id_token_validity                    = 15
  refresh_token_validity               = 8

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "hours"
  }
}

# Claim values of `cognito:groups`; OIDC_ROLE_MAP maps them to Conveyor's roles.
resource "aws_cognito_user_group" "roles" {
  for_each = toset(["conveyor-admins", "conveyor-operators", "conveyor-viewers"])

  name         = each.key
  user_pool_id = aws_cognito_user_pool.conveyor.id
  description  = "Conveyor role ${trimsuffix(trimprefix(each.key, "conveyor-"), "s")} (OIDC_ROLE_MAP)"
}
