################################################################################
# PostgreSQL 16 on RDS: read models, job timers, projector offsets (database `conveyor`)
# and Apicurio Registry's schemas (database `apicurio`).
# The master password is managed by RDS in Secrets Manager; the services use their own roles,
# whose credentials terraform stores under conveyor/<environment>/ for External Secrets.
################################################################################

resource "aws_security_group" "db" {
  name        = "${local.name}-postgres"
  description = "PostgreSQL from the EKS nodes"
  vpc_id      = module.vpc.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_nodes" {
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = module.eks.node_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "PostgreSQL from EKS nodes"
}

module "db" {
  source  = "terraform-aws-modules/rds/aws"
  version = "6.12.0"

  identifier = "${local.name}-postgres"

  engine               = "postgres"
  engine_version       = "16.8"
  family               = "postgres16"
  major_engine_version = "16"
  instance_class       = var.db_instance_class

  allocated_storage     = var.db_allocated_storage_gb
  max_allocated_storage = var.db_max_allocated_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name                     = "conveyor"
  username                    = "conveyor_admin"
  port                        = 5432
  manage_master_user_password = true

  multi_az               = var.db_multi_az
  db_subnet_group_name   = module.vpc.database_subnet_group_name
  vpc_security_group_ids = [aws_security_group.db.id]

  maintenance_window               = "Sun:02:00-Sun:03:00"
  backup_window                    = "00:30-01:30"
  backup_retention_period          = var.db_backup_retention_days
  copy_tags_to_snapshot            = true
  skip_final_snapshot              = false
  final_snapshot_identifier_prefix = "${local.name}-final"
  deletion_protection              = var.deletion_protection

  performance_insights_enabled          = true
  performance_insights_retention_period = 7
  create_monitoring_role                = true
  monitoring_interval                   = 60
  monitoring_role_name                  = "${local.name}-rds-monitoring"
  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]

  create_db_option_group = false

  parameters = [
    { name = "rds.force_ssl", value = "1" },
    { name = "log_min_duration_statement", value = "1000" },
    { name = "log_lock_waits", value = "1" },
    { name = "idle_in_transaction_session_timeout", value = "60000" },
  ]
}

################################################################################
# Application roles: passwords generated here, stored in Secrets Manager as
# {username, password, host, port, dbname}. The roles themselves are created once in the
# database by an operator (terraform/README.md, "Database roles").
################################################################################

locals {
  db_app_roles = {
    database = {
      username = "conveyor"
      dbname   = "conveyor"
    }
    apicurio-database = {
      username = "apicurio"
      dbname   = "apicurio"
    }
    # One least-privilege role per service (tools/db/roles.sql): the processors own the schema and run the
    # migrations; the command API and the query API only read, and write what authentication records.
    database-processors = {
      username = "conveyor_processors"
      dbname   = "conveyor"
    }
    database-command = {
      username = "conveyor_command"
      dbname   = "conveyor"
    }
    database-query = {
      username = "conveyor_query"
      dbname   = "conveyor"
    }
  }
}

# Generated once by Secrets Manager; ignore_changes below keeps the first value (the data source
# would return a new one on every plan). Rotate by tainting the secret version.
data "aws_secretsmanager_random_password" "db_app" {
  for_each = local.db_app_roles

  password_length     = 32
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "db_app" {
  for_each = local.db_app_roles

  name                    = "conveyor/${var.environment}/${each.key}"
  description             = "Connection of role ${each.value.username} to ${each.value.dbname} (read by External Secrets)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "db_app" {
  for_each = local.db_app_roles

  secret_id = aws_secretsmanager_secret.db_app[each.key].id
  secret_string = jsonencode({
    username = each.value.username
    password = data.aws_secretsmanager_random_password.db_app[each.key].random_password
    host     = module.db.db_instance_address
    port     = tostring(module.db.db_instance_port)
    dbname   = each.value.dbname
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}
