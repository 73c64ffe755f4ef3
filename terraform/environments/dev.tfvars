environment        = "dev"
region             = "eu-west-1"
vpc_cidr           = "10.41.0.0/16"
single_nat_gateway = true

cluster_endpoint_public_access_cidrs = []

general_node_group = {
  instance_types = ["m6i.large"]
  min_size       = 2
  max_size       = 4
  desired_size   = 2
}

kafka_node_group = {
  instance_types = ["r6i.large"]
  min_size       = 1
  max_size       = 3
  desired_size   = 1
}

db_instance_class        = "db.t4g.medium"
db_multi_az              = false
db_backup_retention_days = 3
deletion_protection      = false
