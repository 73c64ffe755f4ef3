################################################################################
# The key ring of job payload secrets (README, "Secrets in job payloads"): the Secret
# conveyor-payload-keys of deploy/ is rendered by External Secrets from conveyor/<env>/payload-keys,
# JSON {"SECRETS_KEYS": "<kid>:<base64 of 32 bytes>", "SECRETS_ACTIVE_KEY_ID": "<kid>"}.
#
# Generated here, once: 32 random alphanumeric characters from Secrets Manager (about 190 bits), used as
# the 32 key bytes. Only the hashicorp/aws provider is needed (no random provider). ignore_changes keeps
# the first value: rotation (adding a key, then switching the active id) is done in Secrets Manager, and a
# key made out of band (`openssl rand -base64 32`) may replace this one before the first job is submitted.
################################################################################

data "aws_secretsmanager_random_password" "payload_key" {
  password_length     = 32
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "payload_keys" {
  name                    = "conveyor/${var.environment}/payload-keys"
  description             = "Key ring of Conveyor's job payload secrets (SECRETS_KEYS, SECRETS_ACTIVE_KEY_ID), read by External Secrets"
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "payload_keys" {
  secret_id = aws_secretsmanager_secret.payload_keys.id
  secret_string = jsonencode({
    SECRETS_KEYS          = "k1:${base64encode(data.aws_secretsmanager_random_password.payload_key.random_password)}"
    SECRETS_ACTIVE_KEY_ID = "k1"
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}
